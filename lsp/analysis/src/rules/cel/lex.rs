//! CEL tokens (the lexical grammar of the CEL language definition), with byte ranges.
//!
//! Anything the grammar has no token for (`$`, `=`, a bad escape, a line break inside a
//! one-line string) is an error token: CEL cannot compile the expression.

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// Decimal or `0x` hexadecimal, without sign.
    Int,
    /// An integer with a `u`/`U` suffix.
    Uint,
    Float,
    String,
    Bytes,
    Ident,
    /// A backquoted field name: `` `a-b` ``.
    EscapedIdent,
    True,
    False,
    Null,
    In,
    /// An operator or punctuation; the text is the token's.
    Punct(&'static str),
    Eof,
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub kind: Tok,
    pub range: Range<usize>,
}

/// A lexical error: where, and what.
pub(super) type LexError = (Range<usize>, String);

const PUNCTS: [&str; 24] = [
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "[", "]", "{", "}", "(", ")", ".", ",", "-",
    "?", ":", "+", "*", "/", "%",
];

/// Every token of `text`, ending with [`Tok::Eof`], or the first lexical error.
pub(super) fn tokens(text: &str) -> Result<Vec<Token>, LexError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let c = bytes[at];
        let start = at;
        let kind = match c {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0c => {
                at += 1;
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                at = text[at..].find('\n').map_or(bytes.len(), |n| at + n);
                continue;
            }
            b'0'..=b'9' => {
                let (kind, end) = number(bytes, at);
                at = end;
                kind
            }
            b'.' if bytes.get(at + 1).is_some_and(u8::is_ascii_digit) => {
                let (kind, end) = number(bytes, at);
                at = end;
                kind
            }
            b'\'' | b'"' => {
                at = string(text, at, false)?;
                Tok::String
            }
            b'r' | b'R' if matches!(bytes.get(at + 1), Some(b'\'' | b'"')) => {
                at = string(text, at + 1, true)?;
                Tok::String
            }
            b'b' | b'B' if matches!(bytes.get(at + 1), Some(b'\'' | b'"')) => {
                at = string(text, at + 1, false)?;
                Tok::Bytes
            }
            b'b' | b'B'
                if matches!(bytes.get(at + 1), Some(b'r' | b'R'))
                    && matches!(bytes.get(at + 2), Some(b'\'' | b'"')) =>
            {
                at = string(text, at + 2, true)?;
                Tok::Bytes
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                at += 1;
                while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
                    at += 1;
                }
                match &text[start..at] {
                    "true" => Tok::True,
                    "false" => Tok::False,
                    "null" => Tok::Null,
                    "in" => Tok::In,
                    _ => Tok::Ident,
                }
            }
            b'`' => {
                let body = bytes[at + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || b"_.-/ ".contains(b))
                    .count();
                if body == 0 || bytes.get(at + 1 + body) != Some(&b'`') {
                    return Err(unexpected(text, at));
                }
                at += body + 2;
                Tok::EscapedIdent
            }
            _ => {
                let Some(punct) = PUNCTS.iter().find(|p| text[at..].starts_with(**p)) else {
                    return Err(unexpected(text, at));
                };
                at += punct.len();
                Tok::Punct(punct)
            }
        };
        out.push(Token {
            kind,
            range: start..at,
        });
    }
    out.push(Token {
        kind: Tok::Eof,
        range: bytes.len()..bytes.len(),
    });
    Ok(out)
}

fn unexpected(text: &str, at: usize) -> LexError {
    let c = text[at..].chars().next().unwrap_or(' ');
    let mut message = format!("unexpected character `{c}`");
    if c == '$' {
        message.push_str(
            "; Tekton variables are not substituted before validation: quote them, as in `'$(params.x)' == 'a'`",
        );
    }
    (at..at + c.len_utf8(), message)
}

/// The longest number token at `at`: `0x` hex, digits with a fraction and/or exponent
/// (a float), a `u` suffix (unsigned). A `.` or `e` not followed by digits is not part of it.
fn number(bytes: &[u8], start: usize) -> (Tok, usize) {
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let suffix = |end: usize, kind: Tok| match bytes.get(end) {
        Some(b'u' | b'U') => (Tok::Uint, end + 1),
        _ => (kind, end),
    };
    if bytes[start] == b'0' && bytes.get(start + 1) == Some(&b'x') {
        let hex = bytes[start + 2..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if hex > 0 {
            return suffix(start + 2 + hex, Tok::Int);
        }
    }
    let mut end = start + digits(start);
    let mut float = false;
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 1 + digits(end + 1);
        float = true;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let exponent = digits(end + 1 + sign);
        if exponent > 0 {
            end += 1 + sign + exponent;
            float = true;
        }
    }
    if float {
        (Tok::Float, end)
    } else {
        suffix(end, Tok::Int)
    }
}

/// The end of the string literal whose opening quote is at `quote`; escapes are checked here
/// (the grammar's escape sequences), their values by the parser.
fn string(text: &str, quote: usize, raw: bool) -> Result<usize, LexError> {
    let bytes = text.as_bytes();
    let q = bytes[quote];
    let triple = bytes.get(quote + 1) == Some(&q) && bytes.get(quote + 2) == Some(&q);
    let mut at = quote + if triple { 3 } else { 1 };
    let unterminated = || (quote..text.len(), "unterminated string".to_owned());
    loop {
        let Some(&c) = bytes.get(at) else {
            return Err(unterminated());
        };
        if triple {
            if bytes[at..].starts_with(&[q, q, q]) {
                return Ok(at + 3);
            }
        } else if c == q {
            return Ok(at + 1);
        } else if c == b'\n' || c == b'\r' {
            return Err(unterminated());
        }
        if c == b'\\' && !raw {
            at += escape(bytes, at).ok_or_else(|| {
                let end = (at + 2).min(text.len());
                let end = (end..=text.len())
                    .find(|&e| text.is_char_boundary(e))
                    .unwrap_or(text.len());
                (at..end, "invalid escape sequence".to_owned())
            })?;
        } else {
            at += 1;
        }
    }
}

/// The length of the escape sequence at `at` (a backslash), if the grammar has it.
fn escape(bytes: &[u8], at: usize) -> Option<usize> {
    let hex = |from: usize, n: usize| {
        bytes
            .get(from..from + n)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    };
    match *bytes.get(at + 1)? {
        b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'"' | b'\'' | b'\\' | b'?' | b'`' => {
            Some(2)
        }
        b'0'..=b'3' => bytes
            .get(at + 2..at + 4)
            .is_some_and(|o| o.iter().all(|d| (b'0'..=b'7').contains(d)))
            .then_some(4),
        b'x' | b'X' => hex(at + 2, 2).then_some(4),
        b'u' => hex(at + 2, 4).then_some(6),
        b'U' => hex(at + 2, 8).then_some(10),
        _ => None,
    }
}
