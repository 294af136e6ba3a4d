//! Scalar decoding (quotes, escapes, line folding, block indentation) and type resolution.
//!
//! **Type resolution follows Kubernetes, not YAML 1.2.** `kubectl` turns YAML into JSON with
//! sigs.k8s.io/yaml, which parses with a fork of go-yaml v2 and so resolves plain scalars the
//! YAML 1.1 way: `yes`/`no`/`on`/`off`/`y`/`n` (in their three capitalisations) are booleans,
//! `0777` is octal, `0x1F`/`0o17`/`0b101` are integers, `1_000` is 1000, `.inf`/`.nan` are
//! floats. What the cluster sees is what a linter has to judge: `value: on` reaches a
//! string-typed field as a boolean and is rejected there, although YAML 1.2 would call it a
//! string. Timestamps stay strings (sigs.k8s.io/yaml writes them back as strings anyway). Quoted
//! and block scalars are always strings.

use super::tree::{Resolved, ScalarStyle};

/// The type of a plain scalar, as go-yaml v2 resolves it.
pub fn resolve_plain(value: &str) -> Resolved {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Resolved::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Resolved::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    // Only text that starts like a number can be one; this keeps the common case cheap.
    if !value
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
    {
        return Resolved::String;
    }
    let plain: String = value.chars().filter(|&c| c != '_').collect();
    if let Some(int) = parse_go_int(&plain) {
        return match i64::try_from(int) {
            Ok(int) => Resolved::Int(int),
            // Beyond i64 go-yaml keeps a uint64 / float; JSON only knows "number".
            Err(_) => Resolved::Float(int as f64),
        };
    }
    if is_yaml_float(&plain)
        && let Ok(float) = plain.parse::<f64>()
    {
        return Resolved::Float(float);
    }
    Resolved::String
}

/// Go's `strconv.ParseInt(s, 0, 64)` (then `ParseUint`) syntax: optional sign, then a `0x`,
/// `0o`, `0b` or legacy `0` (octal) prefix, or decimal.
fn parse_go_int(text: &str) -> Option<i128> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = digits.get(..2).map(str::to_ascii_lowercase);
    let (radix, body) = match lower.as_deref() {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ if digits.len() > 1 && digits.starts_with('0') => (8, &digits[1..]),
        _ => (10, digits),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(body, radix).ok()?;
    let value = i128::from(magnitude);
    let value = if negative { -value } else { value };
    // ParseInt covers the negative range down to i64::MIN; ParseUint has no sign.
    (value >= i128::from(i64::MIN)).then_some(value)
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

/// Decodes a scalar's source text (exactly the node's span) into its string value.
/// `line_indent` is the indentation of the line the scalar starts on, the base of a block
/// scalar's explicit indentation indicator.
pub fn decode(style: ScalarStyle, source: &str, line_indent: usize) -> String {
    match style {
        ScalarStyle::Plain => fold_flow_lines(source),
        ScalarStyle::SingleQuoted => {
            let inner = strip_quotes(source, '\'');
            fold_flow_lines(inner).replace("''", "'")
        }
        ScalarStyle::DoubleQuoted => decode_double_quoted(strip_quotes(source, '"')),
        ScalarStyle::Literal | ScalarStyle::Folded => decode_block(style, source, line_indent),
    }
}

fn strip_quotes(source: &str, quote: char) -> &str {
    let inner = source.strip_prefix(quote).unwrap_or(source);
    // An unterminated quote (half-typed text) has no closing quote to strip.
    inner.strip_suffix(quote).unwrap_or(inner)
}

/// Line folding of flow scalars: each line is trimmed; one line break becomes a space, and `n`
/// breaks in a row (n-1 empty lines) become n-1 newlines.
fn fold_flow_lines(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut empty_run = 0;
    let last = text.split('\n').count() - 1;
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        // The first line keeps its leading space, the last its trailing space.
        let line = match (i == 0, i == last) {
            (true, true) => line,
            (true, false) => line.trim_end_matches([' ', '\t']),
            (false, true) => line.trim_start_matches([' ', '\t']),
            (false, false) => line.trim_matches([' ', '\t']),
        };
        if i > 0 && line.is_empty() && i != last {
            empty_run += 1;
            continue;
        }
        if i > 0 {
            if empty_run == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', empty_run));
            }
        }
        empty_run = 0;
        out.push_str(line);
    }
    out
}

/// Double-quoted scalars: escapes, folding, and `\` before a line break joining lines.
fn decode_double_quoted(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                let Some(escape) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let simple = match escape {
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    't' | '\t' => Some('\t'),
                    'n' => Some('\n'),
                    'v' => Some('\u{b}'),
                    'f' => Some('\u{c}'),
                    'r' => Some('\r'),
                    'e' => Some('\u{1b}'),
                    ' ' => Some(' '),
                    '"' => Some('"'),
                    '/' => Some('/'),
                    '\\' => Some('\\'),
                    'N' => Some('\u{85}'),
                    '_' => Some('\u{a0}'),
                    'L' => Some('\u{2028}'),
                    'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(decoded) = simple {
                    out.push(decoded);
                    continue;
                }
                let hex_len = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    '\r' | '\n' => {
                        // Escaped line break: the lines join without a space.
                        if escape == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        while chars.peek().is_some_and(|c| matches!(c, ' ' | '\t')) {
                            chars.next();
                        }
                        continue;
                    }
                    other => {
                        // Invalid escape: keep it verbatim rather than guess.
                        out.push('\\');
                        out.push(other);
                        continue;
                    }
                };
                let hex: String = chars.by_ref().take(hex_len).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) => out.push(decoded),
                    None => {
                        out.push('\\');
                        out.push(escape);
                        out.push_str(&hex);
                    }
                }
            }
            '\n' | '\r' => {
                if ch == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                // Fold: drop the spaces around the break; one break is a space, more are
                // newlines less one.
                let trimmed = out.trim_end_matches([' ', '\t']).len();
                out.truncate(trimmed);
                let mut breaks = 0;
                loop {
                    match chars.peek() {
                        Some(' ' | '\t' | '\r') => {
                            chars.next();
                        }
                        Some('\n') => {
                            chars.next();
                            breaks += 1;
                        }
                        _ => break,
                    }
                }
                if breaks == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', breaks));
                }
            }
            _ => out.push(ch),
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Strip,
    Clip,
    Keep,
}

/// `|` and `>` scalars: header indicators, indentation removal, folding and chomping.
fn decode_block(style: ScalarStyle, source: &str, line_indent: usize) -> String {
    let (header, body) = source.split_once('\n').unwrap_or((source, ""));
    let header = header.split(" #").next().unwrap_or(header).trim_end();
    let mut chomping = Chomping::Clip;
    let mut explicit_indent = None;
    for ch in header.chars().skip(1) {
        match ch {
            '-' => chomping = Chomping::Strip,
            '+' => chomping = Chomping::Keep,
            '1'..='9' => explicit_indent = ch.to_digit(10).map(|d| line_indent + d as usize),
            _ => {}
        }
    }
    let lines: Vec<&str> = body
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let indent = explicit_indent.unwrap_or_else(|| {
        lines
            .iter()
            .find(|line| !line.trim_start_matches(' ').is_empty())
            .map(|line| line.len() - line.trim_start_matches(' ').len())
            .unwrap_or(0)
    });
    let mut out = String::with_capacity(body.len());
    let mut pending_breaks = 0usize;
    let mut seen_content = false;
    let mut previous_more_indented = false;
    for line in &lines {
        let content = line.get(indent..).unwrap_or("");
        if line.trim_start_matches(' ').is_empty() && content.is_empty() {
            pending_breaks += 1;
            continue;
        }
        let more_indented = content.starts_with([' ', '\t']);
        if seen_content {
            let folds = style == ScalarStyle::Folded && !more_indented && !previous_more_indented;
            if folds && pending_breaks == 0 {
                out.push(' ');
            } else {
                let breaks = if folds {
                    pending_breaks
                } else {
                    pending_breaks + 1
                };
                out.extend(std::iter::repeat_n('\n', breaks));
            }
        } else {
            out.extend(std::iter::repeat_n('\n', pending_breaks));
        }
        out.push_str(content);
        pending_breaks = 0;
        seen_content = true;
        previous_more_indented = more_indented;
    }
    // The node's text ends at the end of its last line, so a trailing break is implied.
    match chomping {
        Chomping::Strip => {}
        Chomping::Clip if seen_content => out.push('\n'),
        Chomping::Clip => {}
        Chomping::Keep => out.extend(std::iter::repeat_n('\n', pending_breaks.max(1))),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_resolution() {
        for (text, expected) in [
            ("", Resolved::Null),
            ("~", Resolved::Null),
            ("yes", Resolved::Bool(true)),
            ("Off", Resolved::Bool(false)),
            ("TRUE", Resolved::Bool(true)),
            ("tRue", Resolved::String),
            ("42", Resolved::Int(42)),
            ("-17", Resolved::Int(-17)),
            ("0x1F", Resolved::Int(31)),
            ("0o17", Resolved::Int(15)),
            ("0777", Resolved::Int(511)),
            ("0b101", Resolved::Int(5)),
            ("1_000", Resolved::Int(1000)),
            ("1.5", Resolved::Float(1.5)),
            ("1e3", Resolved::Float(1000.0)),
            (".5", Resolved::Float(0.5)),
            ("09", Resolved::Float(9.0)),
            ("-.inf", Resolved::Float(f64::NEG_INFINITY)),
            ("1.2.3", Resolved::String),
            ("v1", Resolved::String),
            ("10m", Resolved::String),
            ("2001-12-14", Resolved::String),
            ("-", Resolved::String),
            ("+", Resolved::String),
        ] {
            assert_eq!(resolve_plain(text), expected, "{text:?}");
        }
    }

    #[test]
    fn flow_scalars() {
        assert_eq!(decode(ScalarStyle::Plain, "a\n   b\n\n   c", 0), "a b\nc");
        assert_eq!(
            decode(ScalarStyle::SingleQuoted, "'it''s\n  x'", 0),
            "it's x"
        );
        assert_eq!(
            decode(ScalarStyle::DoubleQuoted, r#""a\tb\u00e9\x41 \"q\" \\""#, 0),
            "a\tbéA \"q\" \\"
        );
        assert_eq!(
            decode(ScalarStyle::DoubleQuoted, "\"a \\\n   b\"", 0),
            "a b"
        );
        assert_eq!(decode(ScalarStyle::DoubleQuoted, "\"a\n\n  b\"", 0), "a\nb");
        assert_eq!(decode(ScalarStyle::DoubleQuoted, "\"open", 0), "open");
    }

    #[test]
    fn block_scalars() {
        assert_eq!(
            decode(ScalarStyle::Literal, "|\n  a\n   b\n\n  c", 0),
            "a\n b\n\nc\n"
        );
        assert_eq!(decode(ScalarStyle::Literal, "|-\n  a\n  b", 0), "a\nb");
        assert_eq!(
            decode(ScalarStyle::Folded, ">\n  a\n  b\n\n  c", 0),
            "a b\nc\n"
        );
        assert_eq!(
            decode(ScalarStyle::Folded, ">\n  a\n    x\n  b", 0),
            "a\n  x\nb\n"
        );
        assert_eq!(decode(ScalarStyle::Literal, "|2\n    a", 0), "  a\n");
        assert_eq!(decode(ScalarStyle::Literal, "| # note\n  a", 0), "a\n");
    }
}
