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

use std::ops::Range;

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
    let mut out = String::with_capacity(source.len());
    decode_into(style, source, line_indent, &mut out);
    out
}

/// A decoded scalar with, for each of its bytes, the byte range of the scalar's source it came
/// from (relative to the source's start): a diagnostic about a part of the value (a ShellCheck
/// finding inside a step's script) can then be shown on the text it was decoded from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    /// One range per byte of `text`; an escape's bytes map to the whole escape, a folded line
    /// break to the break it folds.
    pub source: Vec<Range<usize>>,
}

/// [`decode`], keeping where each decoded byte came from.
pub fn decode_mapped(style: ScalarStyle, source: &str, line_indent: usize) -> Mapped {
    let mut out = Mapped::default();
    decode_into(style, source, line_indent, &mut out);
    out
}

/// Where decoding writes: a plain `String`, or a [`Mapped`] that also records source ranges.
/// One decoder serves both, so the value and its map can never disagree.
trait Output {
    /// Appends `ch`, decoded from `source`.
    fn push(&mut self, ch: char, source: Range<usize>);
    /// Appends `text`, copied verbatim from the source at `at`.
    fn push_verbatim(&mut self, text: &str, at: usize);
    fn as_str(&self) -> &str;
    fn truncate(&mut self, len: usize);

    fn push_breaks(&mut self, count: usize, source: Range<usize>) {
        for _ in 0..count {
            self.push('\n', source.clone());
        }
    }
}

impl Output for String {
    fn push(&mut self, ch: char, _: Range<usize>) {
        String::push(self, ch);
    }
    fn push_verbatim(&mut self, text: &str, _: usize) {
        self.push_str(text);
    }
    fn as_str(&self) -> &str {
        self
    }
    fn truncate(&mut self, len: usize) {
        String::truncate(self, len);
    }
}

impl Output for Mapped {
    fn push(&mut self, ch: char, source: Range<usize>) {
        self.text.push(ch);
        self.source
            .extend(std::iter::repeat_n(source, ch.len_utf8()));
    }
    fn push_verbatim(&mut self, text: &str, at: usize) {
        self.text.push_str(text);
        for (offset, ch) in text.char_indices() {
            let start = at + offset;
            self.source.extend(std::iter::repeat_n(
                start..start + ch.len_utf8(),
                ch.len_utf8(),
            ));
        }
    }
    fn as_str(&self) -> &str {
        &self.text
    }
    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.source.truncate(len);
    }
}

fn decode_into(style: ScalarStyle, source: &str, line_indent: usize, out: &mut impl Output) {
    match style {
        ScalarStyle::Plain => fold_flow_lines(source, 0, false, out),
        ScalarStyle::SingleQuoted => {
            let (inner, at) = strip_quotes(source, '\'');
            fold_flow_lines(inner, at, true, out);
        }
        ScalarStyle::DoubleQuoted => {
            let (inner, at) = strip_quotes(source, '"');
            decode_double_quoted(inner, at, out);
        }
        ScalarStyle::Literal | ScalarStyle::Folded => {
            decode_block(style, source, line_indent, out);
        }
    }
}

/// The text between the quotes, and where it starts.
fn strip_quotes(source: &str, quote: char) -> (&str, usize) {
    let (inner, at) = match source.strip_prefix(quote) {
        Some(inner) => (inner, quote.len_utf8()),
        None => (source, 0),
    };
    // An unterminated quote (half-typed text) has no closing quote to strip.
    (inner.strip_suffix(quote).unwrap_or(inner), at)
}

/// Line folding of flow scalars: each line is trimmed; one line break becomes a space, and `n`
/// breaks in a row (n-1 empty lines) become n-1 newlines. In single-quoted scalars `''` is `'`.
fn fold_flow_lines(text: &str, at: usize, single_quoted: bool, out: &mut impl Output) {
    if !text.contains('\n') {
        push_flow_content(text, at, single_quoted, out);
        return;
    }
    let last = text.split('\n').count() - 1;
    let mut empty_run = 0;
    let mut line_start = at;
    for (i, raw) in text.split('\n').enumerate() {
        let break_at = line_start.saturating_sub(1)..line_start;
        let line = raw.trim_end_matches('\r');
        // The first line keeps its leading space, the last its trailing space.
        let line_end = match i == last {
            true => line,
            false => line.trim_end_matches([' ', '\t']),
        };
        let line = match i == 0 {
            true => line_end,
            false => line_end.trim_start_matches([' ', '\t']),
        };
        let content_at = line_start + (line_end.len() - line.len());
        line_start += raw.len() + 1;
        if i > 0 && line.is_empty() && i != last {
            empty_run += 1;
            continue;
        }
        if i > 0 {
            if empty_run == 0 {
                out.push(' ', break_at);
            } else {
                out.push_breaks(empty_run, break_at);
            }
        }
        empty_run = 0;
        push_flow_content(line, content_at, single_quoted, out);
    }
}

/// One line of a flow scalar; `''` is one quote in single-quoted ones.
fn push_flow_content(line: &str, at: usize, single_quoted: bool, out: &mut impl Output) {
    if !single_quoted {
        out.push_verbatim(line, at);
        return;
    }
    let mut rest = line;
    let mut offset = at;
    while let Some(quote) = rest.find("''") {
        out.push_verbatim(&rest[..quote], offset);
        out.push('\'', offset + quote..offset + quote + 2);
        rest = &rest[quote + 2..];
        offset += quote + 2;
    }
    out.push_verbatim(rest, offset);
}

/// Double-quoted scalars: escapes, folding, and `\` before a line break joining lines.
fn decode_double_quoted(inner: &str, at: usize, out: &mut impl Output) {
    let mut chars = inner.char_indices().peekable();
    let end_of = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
        chars.peek().map_or(inner.len(), |&(offset, _)| offset)
    };
    while let Some((start, ch)) = chars.next() {
        match ch {
            '\\' => {
                let Some((_, escape)) = chars.next() else {
                    out.push('\\', at + start..at + start + 1);
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
                    let end = end_of(&mut chars);
                    out.push(decoded, at + start..at + end);
                    continue;
                }
                let hex_len = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    '\r' | '\n' => {
                        // Escaped line break: the lines join without a space.
                        if escape == '\r' && chars.peek().is_some_and(|&(_, c)| c == '\n') {
                            chars.next();
                        }
                        while chars.peek().is_some_and(|&(_, c)| matches!(c, ' ' | '\t')) {
                            chars.next();
                        }
                        continue;
                    }
                    other => {
                        // Invalid escape: keep it verbatim rather than guess.
                        let end = end_of(&mut chars);
                        out.push('\\', at + start..at + end);
                        out.push(other, at + start..at + end);
                        continue;
                    }
                };
                let hex: String = chars.by_ref().take(hex_len).map(|(_, c)| c).collect();
                let source = at + start..at + end_of(&mut chars);
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) => out.push(decoded, source),
                    None => {
                        out.push('\\', source.clone());
                        out.push(escape, source.clone());
                        for digit in hex.chars() {
                            out.push(digit, source.clone());
                        }
                    }
                }
            }
            '\n' | '\r' => {
                if ch == '\r' && chars.peek().is_some_and(|&(_, c)| c == '\n') {
                    chars.next();
                }
                let break_at = at + start..at + start + 1;
                // Fold: drop the spaces around the break; one break is a space, more are
                // newlines less one.
                let trimmed = out.as_str().trim_end_matches([' ', '\t']).len();
                out.truncate(trimmed);
                let mut breaks = 0;
                loop {
                    match chars.peek() {
                        Some((_, ' ' | '\t' | '\r')) => {
                            chars.next();
                        }
                        Some((_, '\n')) => {
                            chars.next();
                            breaks += 1;
                        }
                        _ => break,
                    }
                }
                if breaks == 0 {
                    out.push(' ', break_at);
                } else {
                    out.push_breaks(breaks, break_at);
                }
            }
            _ => out.push(ch, at + start..at + start + ch.len_utf8()),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Strip,
    Clip,
    Keep,
}

/// `|` and `>` scalars: header indicators, indentation removal, folding and chomping.
fn decode_block(style: ScalarStyle, source: &str, line_indent: usize, out: &mut impl Output) {
    let (header, body) = source.split_once('\n').unwrap_or((source, ""));
    let body_at = source.len() - body.len();
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
    // Each line with where it starts in `source`.
    let mut line_start = body_at;
    let lines: Vec<(&str, usize)> = body
        .split('\n')
        .map(|line| {
            let at = line_start;
            line_start += line.len() + 1;
            (line.strip_suffix('\r').unwrap_or(line), at)
        })
        .collect();
    let indent = explicit_indent.unwrap_or_else(|| {
        lines
            .iter()
            .find(|(line, _)| !line.trim_start_matches(' ').is_empty())
            .map(|(line, _)| line.len() - line.trim_start_matches(' ').len())
            .unwrap_or(0)
    });
    let mut pending_breaks = 0usize;
    let mut seen_content = false;
    let mut previous_more_indented = false;
    let mut break_at = body_at.saturating_sub(1)..body_at;
    for &(line, at) in &lines {
        let content = line.get(indent..).unwrap_or("");
        if line.trim_start_matches(' ').is_empty() && content.is_empty() {
            pending_breaks += 1;
            continue;
        }
        let more_indented = content.starts_with([' ', '\t']);
        if seen_content {
            let folds = style == ScalarStyle::Folded && !more_indented && !previous_more_indented;
            if folds && pending_breaks == 0 {
                out.push(' ', break_at.clone());
            } else {
                let breaks = if folds {
                    pending_breaks
                } else {
                    pending_breaks + 1
                };
                out.push_breaks(breaks, break_at.clone());
            }
        } else {
            out.push_breaks(pending_breaks, break_at.clone());
        }
        out.push_verbatim(content, at + indent);
        break_at = at + line.len()..at + line.len() + 1;
        pending_breaks = 0;
        seen_content = true;
        previous_more_indented = more_indented;
    }
    // The node's text ends at the end of its last line, so a trailing break is implied.
    let end = source.len()..source.len();
    match chomping {
        Chomping::Strip => {}
        Chomping::Clip if seen_content => out.push('\n', end),
        Chomping::Clip => {}
        Chomping::Keep => out.push_breaks(pending_breaks.max(1), end),
    }
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

    /// The source text each decoded character came from.
    fn origins(style: ScalarStyle, source: &str) -> Vec<(char, &str)> {
        let mapped = decode_mapped(style, source, 0);
        assert_eq!(mapped.text, decode(style, source, 0), "{source:?}");
        assert_eq!(mapped.source.len(), mapped.text.len());
        mapped
            .text
            .char_indices()
            .map(|(at, ch)| (ch, &source[mapped.source[at].clone()]))
            .collect()
    }

    #[test]
    fn decoded_bytes_map_to_their_source() {
        assert_eq!(
            origins(ScalarStyle::DoubleQuoted, r#""a\"\u00e9 \x41""#),
            [
                ('a', "a"),
                ('"', "\\\""),
                ('é', "\\u00e9"),
                (' ', " "),
                ('A', "\\x41")
            ]
        );
        assert_eq!(
            origins(ScalarStyle::SingleQuoted, "'it''s\n  x'"),
            [
                ('i', "i"),
                ('t', "t"),
                ('\'', "''"),
                ('s', "s"),
                (' ', "\n"),
                ('x', "x")
            ]
        );
        // Block content maps past the indentation; a folded break maps to the line break.
        let folded = origins(ScalarStyle::Folded, ">-\n    ab\n    c");
        assert_eq!(folded, [('a', "a"), ('b', "b"), (' ', "\n"), ('c', "c")]);
        let literal = decode_mapped(ScalarStyle::Literal, "|\n    ab\n    c", 0);
        assert_eq!(literal.text, "ab\nc\n");
        assert_eq!(literal.source[0], 6..7);
        assert_eq!(literal.source[3], 13..14);
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
