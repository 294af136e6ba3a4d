//! The CEL grammar (recursive descent over [`super::lex`] tokens) into a small AST, with
//! cel-go's parse-time checks: reserved identifiers, literal ranges, string escapes, optional
//! syntax (not enabled in an empty environment), macro arguments, and the nesting limit.

use std::ops::Range;

use super::Problem;
use super::check::Type;
use super::lex::{Tok, Token, tokens};

/// cel-go rejects expressions nested deeper than this (its parser's recursion limit).
const MAX_DEPTH: usize = 250;
/// cel-go rejects longer expressions (code points).
const MAX_CODE_POINTS: usize = 100_000;

/// Identifiers cel-go reserves: not usable as names (they are as field names).
const RESERVED: [&str; 17] = [
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

/// The name macros give their accumulator; an iteration variable may not take it.
const ACCUMULATORS: [&str; 2] = ["@result", "__result__"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MacroKind {
    /// `all` and `exists`: the predicate must be a bool.
    Quantifier,
    /// `exists_one`
    ExistsOne,
    /// `map(x, f)` and `map(x, p, f)`
    Map,
    Filter,
}

#[derive(Debug)]
pub(super) enum Kind {
    /// A literal, by its type.
    Lit(Type),
    /// A name, with its leading `.` when it has one.
    Ident(String),
    /// `operand.field`; `test` for `has(operand.field)`.
    Select {
        operand: Box<Expr>,
        field: String,
        test: bool,
    },
    /// A function or operator (operators by cel-go's internal names, e.g. `_==_`), with the
    /// receiver of a member call.
    Call {
        function: String,
        /// Where the function's name is written (the operator for operators).
        name: Range<usize>,
        target: Option<Box<Expr>>,
        args: Vec<Expr>,
    },
    List(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    /// `Name{field: value, ...}`: only the values are kept.
    Message {
        name: String,
        values: Vec<Expr>,
    },
    Macro {
        kind: MacroKind,
        target: Box<Expr>,
        var: String,
        args: Vec<Expr>,
    },
}

#[derive(Debug)]
pub(super) struct Expr {
    pub kind: Kind,
    pub range: Range<usize>,
    /// Nesting as cel-go's parser counts it (operators, selections, member calls, indexes).
    depth: usize,
}

impl Expr {
    fn new(kind: Kind, range: Range<usize>) -> Self {
        let counted = match &kind {
            Kind::Select { .. } | Kind::Macro { .. } => true,
            Kind::Call {
                function, target, ..
            } => target.is_some() || COUNTED_OPERATORS.contains(&function.as_str()),
            _ => false,
        };
        let children = match &kind {
            Kind::Lit(_) | Kind::Ident(_) => 0,
            Kind::Select { operand, .. } => operand.depth,
            Kind::Call { target, args, .. } => target
                .iter()
                .map(|t| t.depth)
                .chain(args.iter().map(|a| a.depth))
                .max()
                .unwrap_or(0),
            Kind::List(items) | Kind::Message { values: items, .. } => {
                items.iter().map(|i| i.depth).max().unwrap_or(0)
            }
            Kind::Map(entries) => entries
                .iter()
                .map(|(k, v)| k.depth.max(v.depth))
                .max()
                .unwrap_or(0),
            Kind::Macro { target, args, .. } => args
                .iter()
                .map(|a| a.depth)
                .max()
                .unwrap_or(0)
                .max(target.depth),
        };
        Expr {
            kind,
            range,
            depth: children + usize::from(counted),
        }
    }
}

/// The operators whose nesting cel-go's parser limits (with selections and member calls);
/// `&&`, `||` and the prefix operators are not counted.
const COUNTED_OPERATORS: [&str; 14] = [
    "_?_:_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "@in", "_+_", "_-_", "_*_", "_/_",
    "_%_", "_[_]",
];

/// Parses a whole expression.
pub(super) fn parse(text: &str) -> Result<Expr, Problem> {
    if text.chars().count() > MAX_CODE_POINTS {
        return Err(Problem::new(
            0..text.len(),
            format!("the expression is longer than {MAX_CODE_POINTS} characters"),
        ));
    }
    let tokens = tokens(text).map_err(|(range, message)| Problem::new(range, message))?;
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
        depth: 0,
    };
    let expr = parser.expr()?;
    let next = parser.peek();
    if next.kind != Tok::Eof {
        return Err(parser.unexpected(&next));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
    /// Nesting of [`Parser::expr`], bounded like cel-go's parser.
    depth: usize,
}

type Parsed = Result<Expr, Problem>;

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.nth(0)
    }

    fn nth(&self, n: usize) -> Token {
        let last = self.tokens.len().saturating_sub(1);
        self.tokens
            .get((self.at + n).min(last))
            .cloned()
            .unwrap_or(Token {
                kind: Tok::Eof,
                range: self.text.len()..self.text.len(),
            })
    }

    fn bump(&mut self) -> Token {
        let token = self.peek();
        if token.kind != Tok::Eof {
            self.at += 1;
        }
        token
    }

    fn eat(&mut self, punct: &'static str) -> Option<Token> {
        (self.peek().kind == Tok::Punct(punct)).then(|| self.bump())
    }

    fn expect(&mut self, punct: &'static str) -> Result<Token, Problem> {
        let token = self.peek();
        if token.kind == Tok::Punct(punct) {
            return Ok(self.bump());
        }
        let mut problem = self.unexpected(&token);
        problem.message.push_str(&format!("; expected `{punct}`"));
        Err(problem)
    }

    fn text(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or_default()
    }

    /// A syntax error at `token` (at the end of the text: on the last token).
    fn unexpected(&self, token: &Token) -> Problem {
        if token.kind == Tok::Eof {
            let last = self
                .tokens
                .iter()
                .rev()
                .find(|t| t.kind != Tok::Eof)
                .map_or(0..self.text.len(), |t| t.range.clone());
            return Problem::new(
                last,
                "syntax error: the expression ends too early".to_owned(),
            );
        }
        Problem::new(
            token.range.clone(),
            format!("syntax error: unexpected `{}`", self.text(&token.range)),
        )
    }

    fn limit(&self, expr: Expr) -> Parsed {
        if expr.depth > MAX_DEPTH {
            return Err(Problem::new(
                expr.range,
                format!("the expression nests more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(expr)
    }

    fn call(
        &self,
        function: &str,
        name: Range<usize>,
        args: Vec<Expr>,
        range: Range<usize>,
    ) -> Parsed {
        self.limit(Expr::new(
            Kind::Call {
                function: function.to_owned(),
                name,
                target: None,
                args,
            },
            range,
        ))
    }

    /// `or ('?' or ':' expr)?`
    fn expr(&mut self) -> Parsed {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let at = self.peek().range;
            return Err(Problem::new(
                at,
                format!("the expression nests more than {MAX_DEPTH} levels deep"),
            ));
        }
        let result = self.conditional();
        self.depth -= 1;
        result
    }

    fn conditional(&mut self) -> Parsed {
        let condition = self.logic("||")?;
        let Some(question) = self.eat("?") else {
            return Ok(condition);
        };
        let yes = self.logic("||")?;
        self.expect(":")?;
        let no = self.expr()?;
        let range = condition.range.start..no.range.end;
        self.call("_?_:_", question.range, vec![condition, yes, no], range)
    }

    /// `||` over `&&` over relations; one call with every operand, as cel-go balances these
    /// chains instead of nesting them.
    fn logic(&mut self, op: &'static str) -> Parsed {
        let operand = |p: &mut Self| {
            if op == "||" {
                p.logic("&&")
            } else {
                p.binary(0)
            }
        };
        let first = operand(self)?;
        if self.peek().kind != Tok::Punct(op) {
            return Ok(first);
        }
        let name = self.peek().range;
        let mut terms = vec![first];
        while self.eat(op).is_some() {
            terms.push(operand(self)?);
        }
        let range = terms[0].range.start..terms[terms.len() - 1].range.end;
        let function = if op == "||" { "_||_" } else { "_&&_" };
        self.call(function, name, terms, range)
    }

    /// Relations (level 0), `+ -` (1), `* / %` (2): each level left-associative.
    fn binary(&mut self, level: u8) -> Parsed {
        let mut left = if level == 2 {
            self.unary()?
        } else {
            self.binary(level + 1)?
        };
        loop {
            let token = self.peek();
            let function = match (level, token.kind) {
                (0, Tok::In) => "@in",
                (0, Tok::Punct("==")) => "_==_",
                (0, Tok::Punct("!=")) => "_!=_",
                (0, Tok::Punct("<")) => "_<_",
                (0, Tok::Punct("<=")) => "_<=_",
                (0, Tok::Punct(">")) => "_>_",
                (0, Tok::Punct(">=")) => "_>=_",
                (1, Tok::Punct("+")) => "_+_",
                (1, Tok::Punct("-")) => "_-_",
                (2, Tok::Punct("*")) => "_*_",
                (2, Tok::Punct("/")) => "_/_",
                (2, Tok::Punct("%")) => "_%_",
                _ => return Ok(left),
            };
            self.bump();
            let name = token.range;
            let right = if level == 2 {
                self.unary()?
            } else {
                self.binary(level + 1)?
            };
            let range = left.range.start..right.range.end;
            left = self.call(function, name, vec![left, right], range)?;
        }
    }

    /// `!`s or `-`s before a member; an even number of them cancels out, unchecked, as in
    /// cel-go. A `-` right before a number is the number's sign.
    fn unary(&mut self) -> Parsed {
        let first = self.peek();
        let (function, punct) = match first.kind {
            Tok::Punct("!") => ("!_", "!"),
            Tok::Punct("-") if !matches!(self.nth(1).kind, Tok::Int | Tok::Float) => ("-_", "-"),
            _ => return self.member(),
        };
        let mut count = 0;
        while self.peek().kind == Tok::Punct(punct)
            && !(punct == "-" && matches!(self.nth(1).kind, Tok::Int | Tok::Float))
        {
            self.bump();
            count += 1;
        }
        let operand = self.member()?;
        if count % 2 == 0 {
            return Ok(operand);
        }
        let range = first.range.start..operand.range.end;
        self.call(function, first.range, vec![operand], range)
    }

    /// A primary followed by `.field`, `.method(args)` and `[index]`.
    fn member(&mut self) -> Parsed {
        let mut expr = self.primary()?;
        loop {
            if let Some(dot) = self.eat(".") {
                if self.peek().kind == Tok::Punct("?") {
                    return Err(Problem::new(
                        dot.range.start..self.peek().range.end,
                        "`.?` (optional field selection) is not enabled".to_owned(),
                    ));
                }
                let name = self.bump();
                match name.kind {
                    Tok::Ident if self.peek().kind == Tok::Punct("(") => {
                        self.bump();
                        let args = self.arguments()?;
                        let end = self.expect(")")?.range.end;
                        let range = expr.range.start..end;
                        let method = self.text(&name.range).to_owned();
                        expr = self.method(expr, method, name.range, args, range)?;
                    }
                    Tok::Ident | Tok::EscapedIdent => {
                        let text = self.text(&name.range);
                        let field = if name.kind == Tok::EscapedIdent {
                            text[1..text.len() - 1].to_owned()
                        } else {
                            text.to_owned()
                        };
                        let range = expr.range.start..name.range.end;
                        expr = self.limit(Expr::new(
                            Kind::Select {
                                operand: Box::new(expr),
                                field,
                                test: false,
                            },
                            range,
                        ))?;
                    }
                    _ => return Err(self.unexpected(&name)),
                }
            } else if let Some(open) = self.eat("[") {
                if let Some(question) = self.eat("?") {
                    return Err(Problem::new(
                        question.range,
                        "`[?` (optional index) is not enabled".to_owned(),
                    ));
                }
                let index = self.expr()?;
                let end = self.expect("]")?.range.end;
                let range = expr.range.start..end;
                expr = self.call("_[_]", open.range, vec![expr, index], range)?;
            } else {
                return Ok(expr);
            }
        }
    }

    /// A member call, or the macro it spells (`all`, `exists`, `exists_one`, `map`, `filter`).
    fn method(
        &mut self,
        target: Expr,
        method: String,
        name: Range<usize>,
        mut args: Vec<Expr>,
        range: Range<usize>,
    ) -> Parsed {
        let kind = match (method.as_str(), args.len()) {
            ("all" | "exists", 2) => Some(MacroKind::Quantifier),
            ("exists_one", 2) => Some(MacroKind::ExistsOne),
            ("map", 2 | 3) => Some(MacroKind::Map),
            ("filter", 2) => Some(MacroKind::Filter),
            _ => None,
        };
        let Some(kind) = kind else {
            return self.limit(Expr::new(
                Kind::Call {
                    function: method,
                    name,
                    target: Some(Box::new(target)),
                    args,
                },
                range,
            ));
        };
        let first = args.remove(0);
        let Kind::Ident(var) = first.kind else {
            let message = if matches!(kind, MacroKind::Map | MacroKind::Filter) {
                format!("the first argument of `{method}` must be a variable name")
            } else {
                format!("the first argument of `{method}` must be a simple name")
            };
            return Err(Problem::new(first.range, message));
        };
        if ACCUMULATORS.contains(&var.as_str()) {
            return Err(Problem::new(
                first.range,
                format!("`{var}` is the macro's accumulator and cannot be the iteration variable"),
            ));
        }
        self.limit(Expr::new(
            Kind::Macro {
                kind,
                target: Box::new(target),
                var,
                args,
            },
            range,
        ))
    }

    /// `expr (',' expr)*`, possibly empty, up to (not including) `)`.
    fn arguments(&mut self) -> Result<Vec<Expr>, Problem> {
        let mut args = Vec::new();
        if self.peek().kind == Tok::Punct(")") {
            return Ok(args);
        }
        loop {
            args.push(self.expr()?);
            if self.eat(",").is_none() {
                return Ok(args);
            }
        }
    }

    /// Items of a list or map literal up to `close`: a trailing comma is allowed, a `?`
    /// (optional entry) is not enabled.
    fn items<T>(
        &mut self,
        close: &'static str,
        mut item: impl FnMut(&mut Self) -> Result<T, Problem>,
    ) -> Result<(Vec<T>, usize), Problem> {
        let mut items = Vec::new();
        loop {
            if let Some(end) = self.eat(close) {
                return Ok((items, end.range.end));
            }
            if items.is_empty() && self.eat(",").is_some() {
                return Ok((items, self.expect(close)?.range.end));
            }
            if let Some(question) = self.eat("?") {
                return Err(Problem::new(
                    question.range,
                    "`?` (optional entry) is not enabled".to_owned(),
                ));
            }
            items.push(item(self)?);
            if self.eat(",").is_none() {
                return Ok((items, self.expect(close)?.range.end));
            }
        }
    }

    fn primary(&mut self) -> Parsed {
        let token = self.peek();
        match token.kind {
            Tok::Punct(".") if self.nth(1).kind == Tok::Ident => {
                self.bump();
                self.name(token.range.start, ".")
            }
            Tok::Ident => self.name(token.range.start, ""),
            Tok::Punct("(") => {
                self.bump();
                let inner = self.expr()?;
                self.expect(")")?;
                Ok(inner)
            }
            Tok::Punct("[") => {
                self.bump();
                let (items, end) = self.items("]", Self::expr)?;
                self.limit(Expr::new(Kind::List(items), token.range.start..end))
            }
            Tok::Punct("{") => {
                self.bump();
                let (entries, end) = self.items("}", |p| {
                    let key = p.expr()?;
                    p.expect(":")?;
                    Ok((key, p.expr()?))
                })?;
                self.limit(Expr::new(Kind::Map(entries), token.range.start..end))
            }
            Tok::Punct("-") | Tok::Int | Tok::Float => self.number(),
            Tok::Uint => {
                self.bump();
                let text = self.text(&token.range);
                let digits = &text[..text.len() - 1];
                let value = match digits.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => digits.parse(),
                };
                if value.is_err() {
                    return Err(Problem::new(
                        token.range,
                        "the unsigned integer is out of range".to_owned(),
                    ));
                }
                Ok(Expr::new(Kind::Lit(Type::Uint), token.range))
            }
            Tok::String | Tok::Bytes => {
                self.bump();
                let text = self.text(&token.range);
                if let Err(message) = check_escapes(text, token.kind == Tok::Bytes) {
                    return Err(Problem::new(token.range, message.to_owned()));
                }
                let lit = if token.kind == Tok::Bytes {
                    Type::Bytes
                } else {
                    Type::String
                };
                Ok(Expr::new(Kind::Lit(lit), token.range))
            }
            Tok::True | Tok::False | Tok::Null => {
                self.bump();
                let lit = if token.kind == Tok::Null {
                    Type::Null
                } else {
                    Type::Bool
                };
                Ok(Expr::new(Kind::Lit(lit), token.range))
            }
            _ => Err(self.unexpected(&token)),
        }
    }

    /// An int or double literal, with its sign.
    fn number(&mut self) -> Parsed {
        let sign = self.eat("-");
        let token = self.peek();
        if !matches!(token.kind, Tok::Int | Tok::Float) {
            return Err(self.unexpected(&token));
        }
        self.bump();
        let start = sign.as_ref().map_or(token.range.start, |s| s.range.start);
        let range = start..token.range.end;
        let negative = if sign.is_some() { "-" } else { "" };
        let text = self.text(&token.range);
        if token.kind == Tok::Float {
            let value: f64 = format!("{negative}{text}").parse().unwrap_or(f64::INFINITY);
            if value.is_infinite() {
                return Err(Problem::new(range, "the number is out of range".to_owned()));
            }
            return Ok(Expr::new(Kind::Lit(Type::Double), range));
        }
        let value = match text.strip_prefix("0x") {
            Some(hex) => i64::from_str_radix(&format!("{negative}{hex}"), 16),
            None => format!("{negative}{text}").parse(),
        };
        if value.is_err() {
            return Err(Problem::new(
                range,
                "the integer is out of range (64-bit)".to_owned(),
            ));
        }
        Ok(Expr::new(Kind::Lit(Type::Int), range))
    }

    /// After an identifier (and a leading `.`): a message literal `a.b.C{...}`, a global call
    /// `f(...)` (or the `has` macro), or a plain name.
    fn name(&mut self, start: usize, dot: &str) -> Parsed {
        // A dotted name followed by `{` is a message literal.
        let mut n = 1;
        while self.nth(n).kind == Tok::Punct(".") && self.nth(n + 1).kind == Tok::Ident {
            n += 2;
        }
        if self.nth(n).kind == Tok::Punct("{") {
            let mut name = dot.to_owned();
            for _ in 0..n {
                let part = self.bump();
                name.push_str(self.text(&part.range));
            }
            self.bump();
            let (values, end) = self.items("}", |p| {
                let field = p.bump();
                if !matches!(field.kind, Tok::Ident | Tok::EscapedIdent) {
                    return Err(p.unexpected(&field));
                }
                p.expect(":")?;
                p.expr()
            })?;
            return self.limit(Expr::new(Kind::Message { name, values }, start..end));
        }
        let token = self.bump();
        let text = self.text(&token.range).to_owned();
        if RESERVED.contains(&text.as_str()) {
            return Err(Problem::new(
                token.range,
                format!("`{text}` is a reserved word"),
            ));
        }
        let name = format!("{dot}{text}");
        if self.eat("(").is_none() {
            return Ok(Expr::new(Kind::Ident(name), start..token.range.end));
        }
        let mut args = self.arguments()?;
        let end = self.expect(")")?.range.end;
        if name == "has" && args.len() == 1 {
            let arg = args.remove(0);
            return match arg.kind {
                Kind::Select { operand, field, .. } => self.limit(Expr::new(
                    Kind::Select {
                        operand,
                        field,
                        test: true,
                    },
                    start..end,
                )),
                _ => Err(Problem::new(
                    arg.range,
                    "`has()` takes a field selection, like `has(m.f)`".to_owned(),
                )),
            };
        }
        self.call(&name, token.range, args, start..end)
    }
}

/// What cel-go's unescaping rejects in a lexically valid literal: code points that are not
/// Unicode scalar values in strings, `\u` and `\U` in bytes.
fn check_escapes(literal: &str, bytes: bool) -> Result<(), &'static str> {
    let body = literal.trim_start_matches(['b', 'B']);
    if body.starts_with(['r', 'R']) {
        return Ok(());
    }
    let mut rest = body;
    while let Some(at) = rest.find('\\') {
        let escape = &rest[at + 1..];
        let (width, value) = match escape.as_bytes().first() {
            Some(b'u') => (4, &escape[1..5.min(escape.len())]),
            Some(b'U') => (8, &escape[1..9.min(escape.len())]),
            Some(b'0'..=b'3') => {
                // At most 0o377: always a valid code point and byte.
                rest = &escape[3.min(escape.len())..];
                continue;
            }
            _ => {
                rest = &escape[1.min(escape.len())..];
                continue;
            }
        };
        if bytes {
            return Err("`\\u` and `\\U` escapes are not allowed in bytes");
        }
        let valid = u32::from_str_radix(value, 16)
            .ok()
            .and_then(char::from_u32)
            .is_some();
        if !valid {
            return Err("the escape is not a valid Unicode code point");
        }
        rest = &escape[(width + 1).min(escape.len())..];
    }
    Ok(())
}
