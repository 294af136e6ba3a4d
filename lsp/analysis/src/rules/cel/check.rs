//! Type checking as cel-go's checker does it in an environment with the standard library and
//! no declarations: every name must be a type name or a macro's variable, every function and
//! operator must have an overload for its argument types.
//!
//! Types unify with type parameters (a substitution of type variables, undone when an attempt
//! fails), `dyn` and errors are assignable both ways, `null` to durations and timestamps; list
//! and map literals of mixed types are `dyn`-typed. Protobuf messages other than the
//! well-known types are unknown in this environment; the well-known ones are typed loosely
//! (their fields are not checked), which can only accept more than cel-go, never less.

use std::fmt;
use std::ops::Range;

use super::Problem;
use super::parse::{Expr, Kind, MacroKind};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Type {
    Dyn,
    /// The type of an expression already reported; assignable to anything.
    Error,
    Null,
    Bool,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Duration,
    Timestamp,
    /// A type value (`int`, `type(x)`): cel-go assigns any type value to any other.
    Meta,
    List(Box<Type>),
    Map(Box<Type>, Box<Type>),
    Var(usize),
}

impl Type {
    fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    fn map(key: Type, value: Type) -> Type {
        Type::Map(Box::new(key), Box::new(value))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Dyn | Type::Var(_) => f.write_str("dyn"),
            Type::Error => f.write_str("error"),
            Type::Null => f.write_str("null"),
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Uint => f.write_str("uint"),
            Type::Double => f.write_str("double"),
            Type::String => f.write_str("string"),
            Type::Bytes => f.write_str("bytes"),
            Type::Duration => f.write_str("duration"),
            Type::Timestamp => f.write_str("timestamp"),
            Type::Meta => f.write_str("type"),
            Type::List(element) => write!(f, "list({element})"),
            Type::Map(key, value) => write!(f, "map({key}, {value})"),
        }
    }
}

/// A parameter or result type of a standard-library overload; `A` and `B` are its type
/// parameters, fresh for every use.
#[derive(Clone, Copy)]
enum P {
    Bool,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Duration,
    Timestamp,
    Dyn,
    Type,
    A,
    B,
    ListA,
    MapAB,
}

#[derive(Clone, Copy)]
struct Overload {
    member: bool,
    args: &'static [P],
    result: P,
    /// A comparison of two different numeric types: off in cel-go's default environment,
    /// until its checker has entered a macro (its scopes do not copy the filter).
    cross_type: bool,
}

impl Overload {
    fn is_generic(&self) -> bool {
        let generic = |p: &P| matches!(p, P::A | P::B | P::ListA | P::MapAB);
        self.args.iter().any(generic) || generic(&self.result)
    }
}

const fn global(args: &'static [P], result: P) -> Overload {
    Overload {
        member: false,
        args,
        result,
        cross_type: false,
    }
}

const fn member(args: &'static [P], result: P) -> Overload {
    Overload {
        member: true,
        args,
        result,
        cross_type: false,
    }
}

const fn cross_type(args: &'static [P]) -> Overload {
    Overload {
        member: false,
        args,
        result: P::Bool,
        cross_type: true,
    }
}

use P::{A, B, Bool, Bytes, Double, Duration, Int, ListA, MapAB, String as Str, Timestamp, Uint};

/// Comparisons, in cel-go's order (which decides how type variables bind).
const COMPARISON: &[Overload] = &[
    global(&[Bool, Bool], Bool),
    global(&[Int, Int], Bool),
    cross_type(&[Int, Double]),
    cross_type(&[Int, Uint]),
    global(&[Uint, Uint], Bool),
    cross_type(&[Uint, Double]),
    cross_type(&[Uint, Int]),
    global(&[Double, Double], Bool),
    cross_type(&[Double, Int]),
    cross_type(&[Double, Uint]),
    global(&[Str, Str], Bool),
    global(&[Bytes, Bytes], Bool),
    global(&[Timestamp, Timestamp], Bool),
    global(&[Duration, Duration], Bool),
];
const EQUALITY: &[Overload] = &[global(&[A, A], Bool)];
const TIME_PART: &[Overload] = &[member(&[Timestamp], Int), member(&[Timestamp, Str], Int)];
const TIME_OR_DURATION_PART: &[Overload] = &[
    member(&[Timestamp], Int),
    member(&[Timestamp, Str], Int),
    member(&[Duration], Int),
];
const STRING_TEST: &[Overload] = &[member(&[Str, Str], Bool)];

/// The standard library's functions and operators (operators by their internal names) with
/// their overloads.
const FUNCTIONS: &[(&[&str], &[Overload])] = &[
    (&["_?_:_"], &[global(&[Bool, A, A], A)]),
    (&["!_"], &[global(&[Bool], Bool)]),
    (&["_==_", "_!=_"], EQUALITY),
    (&["_<_", "_<=_", "_>_", "_>=_"], COMPARISON),
    (
        &["_+_"],
        &[
            global(&[Bytes, Bytes], Bytes),
            global(&[Double, Double], Double),
            global(&[Duration, Duration], Duration),
            global(&[Duration, Timestamp], Timestamp),
            global(&[Timestamp, Duration], Timestamp),
            global(&[Int, Int], Int),
            global(&[ListA, ListA], ListA),
            global(&[Str, Str], Str),
            global(&[Uint, Uint], Uint),
        ],
    ),
    (
        &["_-_"],
        &[
            global(&[Double, Double], Double),
            global(&[Duration, Duration], Duration),
            global(&[Int, Int], Int),
            global(&[Timestamp, Duration], Timestamp),
            global(&[Timestamp, Timestamp], Duration),
            global(&[Uint, Uint], Uint),
        ],
    ),
    (
        &["_*_", "_/_"],
        &[
            global(&[Double, Double], Double),
            global(&[Int, Int], Int),
            global(&[Uint, Uint], Uint),
        ],
    ),
    (
        &["_%_"],
        &[global(&[Int, Int], Int), global(&[Uint, Uint], Uint)],
    ),
    (&["-_"], &[global(&[Double], Double), global(&[Int], Int)]),
    (
        &["_[_]"],
        &[global(&[ListA, Int], A), global(&[MapAB, A], B)],
    ),
    (
        &["@in"],
        &[global(&[A, ListA], Bool), global(&[A, MapAB], Bool)],
    ),
    (
        &["size"],
        &[
            global(&[Bytes], Int),
            member(&[Bytes], Int),
            global(&[ListA], Int),
            member(&[ListA], Int),
            global(&[MapAB], Int),
            member(&[MapAB], Int),
            global(&[Str], Int),
            member(&[Str], Int),
        ],
    ),
    (&["type"], &[global(&[A], P::Type)]),
    (&["dyn"], &[global(&[A], P::Dyn)]),
    (&["contains", "endsWith", "startsWith"], STRING_TEST),
    (
        &["matches"],
        &[global(&[Str, Str], Bool), member(&[Str, Str], Bool)],
    ),
    (
        &[
            "getFullYear",
            "getMonth",
            "getDayOfYear",
            "getDayOfMonth",
            "getDate",
            "getDayOfWeek",
        ],
        TIME_PART,
    ),
    (
        &["getHours", "getMinutes", "getSeconds", "getMilliseconds"],
        TIME_OR_DURATION_PART,
    ),
];

/// The conversion functions: each takes one value of any of the listed types.
const CONVERSIONS: &[(&str, P, &[P])] = &[
    ("bool", Bool, &[Bool, Str]),
    ("bytes", Bytes, &[Bytes, Str]),
    ("double", Double, &[Double, Int, Str, Uint]),
    ("duration", Duration, &[Duration, Str]),
    ("int", Int, &[Int, Double, Duration, Str, Timestamp, Uint]),
    (
        "string",
        Str,
        &[Str, Bool, Bytes, Double, Duration, Int, Timestamp, Uint],
    ),
    ("timestamp", Timestamp, &[Timestamp, Int, Str]),
    ("uint", Uint, &[Uint, Double, Int, Str]),
];

fn overloads(function: &str) -> Option<Vec<Overload>> {
    if let Some((_, overloads)) = FUNCTIONS
        .iter()
        .find(|(names, _)| names.contains(&function))
    {
        return Some(overloads.to_vec());
    }
    let (_, result, from) = CONVERSIONS.iter().find(|(name, ..)| *name == function)?;
    Some(
        from.iter()
            .map(|arg| global(std::slice::from_ref(arg), *result))
            .collect(),
    )
}

/// The well-known protobuf messages of cel-go's default type registry, as loose CEL types.
fn well_known_message(name: &str) -> Option<Type> {
    let short = name.strip_prefix("google.protobuf.")?;
    Some(match short {
        "Timestamp" => Type::Timestamp,
        "Duration" => Type::Duration,
        "Struct" => Type::map(Type::String, Type::Dyn),
        "ListValue" => Type::list(Type::Dyn),
        "Any" | "Value" | "Empty" | "BoolValue" | "BytesValue" | "DoubleValue" | "FloatValue"
        | "Int32Value" | "Int64Value" | "StringValue" | "UInt32Value" | "UInt64Value" => Type::Dyn,
        _ => return None,
    })
}

/// The type names an empty environment declares.
const TYPE_NAMES: [&str; 10] = [
    "bool",
    "bytes",
    "double",
    "int",
    "list",
    "map",
    "null_type",
    "string",
    "type",
    "uint",
];

/// A global name's type: a type name, or the one enum constant of the registry.
fn global_ident(name: &str) -> Option<Type> {
    if TYPE_NAMES.contains(&name) || well_known_message(name).is_some() {
        return Some(Type::Meta);
    }
    (name == "google.protobuf.NullValue.NULL_VALUE").then_some(Type::Int)
}

/// How an operator reads in a message.
fn symbol(function: &str) -> Option<&'static str> {
    Some(match function {
        "_?_:_" => "? :",
        "!_" => "!",
        "-_" | "_-_" => "-",
        "_==_" => "==",
        "_!=_" => "!=",
        "_<_" => "<",
        "_<=_" => "<=",
        "_>_" => ">",
        "_>=_" => ">=",
        "_+_" => "+",
        "_*_" => "*",
        "_/_" => "/",
        "_%_" => "%",
        "_[_]" => "[]",
        "@in" => "in",
        _ => return None,
    })
}

/// The type problems of a parsed expression.
pub(super) fn check(expr: &Expr) -> Vec<Problem> {
    let mut checker = Checker::default();
    checker.check(expr);
    checker.problems
}

#[derive(Default)]
struct Checker {
    /// What each type variable stands for, if anything yet.
    bindings: Vec<Option<Type>>,
    /// Earlier values of the bindings changed since the current attempt began.
    trail: Vec<(usize, Option<Type>)>,
    /// Macro variables, innermost last.
    scopes: Vec<(String, Type)>,
    /// Whether a macro has been entered: cross-type comparisons are allowed from then on.
    entered_macro: bool,
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, range: Range<usize>, message: String) {
        self.problems.push(Problem::new(range, message));
    }

    fn fresh(&mut self) -> Type {
        self.bindings.push(None);
        Type::Var(self.bindings.len() - 1)
    }

    fn binding(&self, var: usize) -> Option<Type> {
        self.bindings.get(var).cloned().flatten()
    }

    fn bind(&mut self, var: usize, to: Type) {
        if let Some(slot) = self.bindings.get_mut(var) {
            let old = slot.replace(to);
            self.trail.push((var, old));
        }
    }

    /// Whether a value of type `from` may be used where `to` is expected, binding type
    /// variables on success and leaving them as they were on failure.
    fn assignable(&mut self, from: &Type, to: &Type) -> bool {
        let mark = self.trail.len();
        if self.assign(from, to) {
            return true;
        }
        self.undo(mark);
        false
    }

    /// Restores the bindings changed since the trail was `mark` long.
    fn undo(&mut self, mark: usize) {
        while self.trail.len() > mark {
            if let Some((var, old)) = self.trail.pop()
                && let Some(slot) = self.bindings.get_mut(var)
            {
                *slot = old;
            }
        }
    }

    fn assign(&mut self, t1: &Type, t2: &Type) -> bool {
        if let Type::Var(var) = t2 {
            match self.substitute_var(t1, *var) {
                (true, _) => return true,
                (false, true) => return false,
                (false, false) => {}
            }
        }
        if let Type::Var(var) = t1 {
            return self.substitute_var(t2, *var).0;
        }
        let loose = |t: &Type| matches!(t, Type::Dyn | Type::Error);
        if loose(t1) || loose(t2) {
            return true;
        }
        let nullable = |t: &Type| matches!(t, Type::Null | Type::Duration | Type::Timestamp);
        if *t1 == Type::Null {
            return nullable(t2);
        }
        if *t2 == Type::Null {
            return nullable(t1);
        }
        match (t1, t2) {
            (Type::List(a), Type::List(b)) => self.assign(a, b),
            (Type::Map(k1, v1), Type::Map(k2, v2)) => self.assign(k1, k2) && self.assign(v1, v2),
            _ => t1 == t2,
        }
    }

    /// Whether `var` can stand for `t`, and whether it already stood for something.
    fn substitute_var(&mut self, t: &Type, var: usize) -> (bool, bool) {
        if *t == Type::Var(var) {
            return (true, true);
        }
        if let Some(bound) = self.binding(var) {
            if *t == bound {
                return (true, true);
            }
            if self.assign(t, &bound) {
                let general = most_general(t, &bound);
                if self.not_referenced_in(var, &general) {
                    self.bind(var, general);
                }
                return (true, true);
            }
            return (false, true);
        }
        if self.not_referenced_in(var, t) {
            self.bind(var, t.clone());
            return (true, false);
        }
        (false, false)
    }

    fn not_referenced_in(&self, var: usize, within: &Type) -> bool {
        match within {
            Type::Var(other) if *other == var => false,
            Type::Var(other) => self
                .binding(*other)
                .is_none_or(|bound| self.not_referenced_in(var, &bound)),
            Type::List(element) => self.not_referenced_in(var, element),
            Type::Map(key, value) => {
                self.not_referenced_in(var, key) && self.not_referenced_in(var, value)
            }
            _ => true,
        }
    }

    /// `t` with bound variables replaced; unbound ones become `dyn` when `to_dyn`.
    fn substitute(&self, t: &Type, to_dyn: bool) -> Type {
        match t {
            Type::Var(var) => match self.binding(*var) {
                Some(bound) => self.substitute(&bound, to_dyn),
                None if to_dyn => Type::Dyn,
                None => t.clone(),
            },
            Type::List(element) => Type::list(self.substitute(element, to_dyn)),
            Type::Map(key, value) => {
                Type::map(self.substitute(key, to_dyn), self.substitute(value, to_dyn))
            }
            _ => t.clone(),
        }
    }

    /// The element type of a list or map literal so far, with the next element's.
    fn join(&mut self, previous: Option<Type>, current: Type) -> Type {
        match previous {
            None => current,
            Some(previous) if self.assignable(&previous, &current) => {
                most_general(&previous, &current)
            }
            // Literals of mixed types are dyn-typed, as cel-go allows by default.
            Some(_) => Type::Dyn,
        }
    }

    fn check(&mut self, expr: &Expr) -> Type {
        match &expr.kind {
            Kind::Lit(t) => t.clone(),
            Kind::Ident(name) => self.ident(name, expr.range.clone()),
            Kind::Select {
                operand,
                field,
                test,
            } => self.select(expr, operand, field, *test),
            Kind::Call {
                function,
                name,
                target,
                args,
            } => self.call(expr, function, name, target.as_deref(), args),
            Kind::List(items) => {
                let mut element = None;
                for item in items {
                    let t = self.check(item);
                    element = Some(self.join(element, t));
                }
                let element = element.unwrap_or_else(|| self.fresh());
                Type::list(element)
            }
            Kind::Map(entries) => {
                let (mut keys, mut values) = (None, None);
                for (key, value) in entries {
                    let t = self.check(key);
                    keys = Some(self.join(keys, t));
                    let t = self.check(value);
                    values = Some(self.join(values, t));
                }
                match (keys, values) {
                    (Some(key), Some(value)) => Type::map(key, value),
                    _ => Type::map(self.fresh(), self.fresh()),
                }
            }
            Kind::Message { name, values } => {
                for value in values {
                    self.check(value);
                }
                self.message(name, expr.range.clone())
            }
            Kind::Macro {
                kind,
                target,
                var,
                args,
            } => self.comprehension(*kind, target, var, args),
        }
    }

    fn ident(&mut self, name: &str, range: Range<usize>) -> Type {
        if !name.starts_with('.')
            && let Some((_, t)) = self.scopes.iter().rev().find(|(n, _)| n == name)
        {
            return t.clone();
        }
        let global = name.strip_prefix('.').unwrap_or(name);
        if let Some(t) = global_ident(global) {
            return t;
        }
        self.report(range, format!("undeclared reference to `{name}`"));
        Type::Error
    }

    /// `a.b.c` as one qualified name, when every part is a plain selection of a name that is
    /// not a macro variable.
    fn qualified_name(&self, expr: &Expr) -> Option<String> {
        match &expr.kind {
            Kind::Ident(name) => {
                let local = self.scopes.iter().any(|(n, _)| n == name);
                (!local || name.starts_with('.')).then(|| name.clone())
            }
            Kind::Select {
                operand,
                field,
                test: false,
            } => Some(format!("{}.{field}", self.qualified_name(operand)?)),
            _ => None,
        }
    }

    fn select(&mut self, expr: &Expr, operand: &Expr, field: &str, test: bool) -> Type {
        if !test
            && let Some(name) = self.qualified_name(expr)
            && let Some(t) = global_ident(name.strip_prefix('.').unwrap_or(&name))
        {
            return t;
        }
        let operand_type = self.check(operand);
        let target = self.substitute(&operand_type, false);
        let result = match target {
            Type::Map(_, value) => *value,
            Type::Var(_) => {
                self.assignable(&Type::Dyn, &target);
                Type::Dyn
            }
            Type::Dyn | Type::Error => Type::Dyn,
            other => {
                self.report(
                    expr.range.clone(),
                    format!("{other} has no fields: `.{field}` cannot be selected"),
                );
                Type::Dyn
            }
        };
        if test {
            Type::Bool
        } else {
            self.substitute(&result, false)
        }
    }

    fn call(
        &mut self,
        expr: &Expr,
        function: &str,
        name: &Range<usize>,
        target: Option<&Expr>,
        args: &[Expr],
    ) -> Type {
        if function == "_&&_" || function == "_||_" {
            // Every operand is typed before any is unified with bool, as in cel-go.
            let types: Vec<Type> = args.iter().map(|arg| self.check(arg)).collect();
            for (arg, t) in args.iter().zip(types) {
                if !self.assignable(&t, &Type::Bool) {
                    let t = self.substitute(&t, true);
                    self.report(
                        arg.range.clone(),
                        format!(
                            "`{}` needs bool operands, not {t}",
                            &function[1..function.len() - 1]
                        ),
                    );
                }
            }
            return Type::Bool;
        }
        let mut types = Vec::with_capacity(args.len() + 1);
        for arg in args {
            types.push(self.check(arg));
        }
        if let Some(target) = target {
            let t = self.check(target);
            types.insert(0, t);
        }
        let Some(overloads) = overloads(function.strip_prefix('.').unwrap_or(function)) else {
            self.report(
                name.clone(),
                format!("undeclared reference to `{function}`"),
            );
            return Type::Error;
        };
        let mut result: Option<Type> = None;
        for overload in &overloads {
            if overload.member != target.is_some()
                || overload.args.len() != types.len()
                || (overload.cross_type && !self.entered_macro)
            {
                continue;
            }
            let (a, b) = if overload.is_generic() {
                (self.fresh(), self.fresh())
            } else {
                (Type::Dyn, Type::Dyn)
            };
            let params: Vec<Type> = overload
                .args
                .iter()
                .map(|p| instantiate(*p, &a, &b))
                .collect();
            let mark = self.trail.len();
            let matched = types
                .iter()
                .zip(&params)
                .all(|(arg, param)| self.assign(arg, param));
            if !matched {
                self.undo(mark);
                continue;
            }
            let t = self.substitute(&instantiate(overload.result, &a, &b), false);
            result = Some(match result {
                None => t,
                Some(Type::Dyn) => Type::Dyn,
                Some(previous) if previous == t => previous,
                Some(_) => Type::Dyn,
            });
        }
        if let Some(t) = result {
            return t;
        }
        let shown: Vec<String> = types
            .iter()
            .map(|t| self.substitute(t, true).to_string())
            .collect();
        let message = match (symbol(function), target) {
            (Some(symbol), _) => {
                let operands = match shown.as_slice() {
                    [only] => only.clone(),
                    [init @ .., last] => format!("{} and {last}", init.join(", ")),
                    [] => String::new(),
                };
                format!("`{symbol}` cannot be applied to {operands}")
            }
            (None, Some(_)) => format!(
                "no overload of `{function}` on {} takes ({})",
                shown[0],
                shown[1..].join(", ")
            ),
            (None, None) => format!("no overload of `{function}` takes ({})", shown.join(", ")),
        };
        self.report(expr.range.clone(), message);
        Type::Error
    }

    fn message(&mut self, name: &str, range: Range<usize>) -> Type {
        let bare = name.strip_prefix('.').unwrap_or(name);
        if let Some(t) = well_known_message(bare) {
            return t;
        }
        let message = if TYPE_NAMES.contains(&bare) {
            format!("`{name}` is not a message type")
        } else {
            format!("undeclared reference to `{name}`")
        };
        self.report(range, message);
        Type::Error
    }

    /// A macro's condition (of type `t`) must be a bool.
    fn condition(&mut self, condition: &Expr, t: &Type) {
        if !self.assignable(t, &Type::Bool) {
            let t = self.substitute(t, true);
            self.report(
                condition.range.clone(),
                format!("the condition must be a bool, not {t}"),
            );
        }
    }

    /// A macro: its variable ranges over a list's elements or a map's keys.
    fn comprehension(&mut self, kind: MacroKind, target: &Expr, var: &str, args: &[Expr]) -> Type {
        let range_type = self.check(target);
        let range_type = self.substitute(&range_type, false);
        let var_type = match range_type {
            Type::List(element) => *element,
            Type::Map(key, _) => *key,
            Type::Dyn | Type::Error => Type::Dyn,
            Type::Var(_) => {
                self.assignable(&Type::Dyn, &range_type);
                Type::Dyn
            }
            other => {
                self.report(
                    target.range.clone(),
                    format!("cannot iterate over {other}: a list, map or dyn value is needed"),
                );
                Type::Error
            }
        };
        self.entered_macro = true;
        self.scopes.push((var.to_owned(), var_type.clone()));
        // cel-go checks every part of a macro's step before unifying the condition with bool,
        // so the transform of `map(x, p, f)` is typed first.
        let result = match (kind, args) {
            (MacroKind::Quantifier | MacroKind::ExistsOne, [condition]) => {
                let t = self.check(condition);
                self.condition(condition, &t);
                Type::Bool
            }
            (MacroKind::Filter, [condition]) => {
                let t = self.check(condition);
                self.condition(condition, &t);
                Type::list(var_type)
            }
            (MacroKind::Map, [condition, transform]) => {
                let t = self.check(condition);
                let result = Type::list(self.check(transform));
                self.condition(condition, &t);
                result
            }
            (MacroKind::Map, [transform]) => Type::list(self.check(transform)),
            _ => Type::Error,
        };
        self.scopes.pop();
        result
    }
}

fn instantiate(p: P, a: &Type, b: &Type) -> Type {
    match p {
        P::Bool => Type::Bool,
        P::Int => Type::Int,
        P::Uint => Type::Uint,
        P::Double => Type::Double,
        P::String => Type::String,
        P::Bytes => Type::Bytes,
        P::Duration => Type::Duration,
        P::Timestamp => Type::Timestamp,
        P::Dyn => Type::Dyn,
        P::Type => Type::Meta,
        P::A => a.clone(),
        P::B => b.clone(),
        P::ListA => Type::list(a.clone()),
        P::MapAB => Type::map(a.clone(), b.clone()),
    }
}

/// The less specific of two types (`dyn` and variables are the least), `t1` when equal.
fn most_general(t1: &Type, t2: &Type) -> Type {
    if less_or_equally_specific(t1, t2) {
        t1.clone()
    } else {
        t2.clone()
    }
}

fn less_or_equally_specific(t1: &Type, t2: &Type) -> bool {
    if matches!(t1, Type::Dyn | Type::Var(_)) {
        return true;
    }
    if matches!(t2, Type::Dyn | Type::Var(_)) {
        return false;
    }
    match (t1, t2) {
        (Type::List(a), Type::List(b)) => less_or_equally_specific(a, b),
        (Type::Map(k1, v1), Type::Map(k2, v2)) => {
            less_or_equally_specific(k1, k2) && less_or_equally_specific(v1, v2)
        }
        _ => t1 == t2,
    }
}
