//! A typed-enough view of a document for the rules: the span tree itself, read field by field.
//!
//! Rules read the span tree directly rather than a deserialised model, so every value keeps its
//! exact span and a schema error in one field (a wrong type, an unknown key) hides nothing
//! else: a field of the wrong shape simply reads as absent ([`View::str`] is `None` for a
//! number, [`View::items`] is empty for a mapping) and the schema check has already reported it.
//! Aliases and merge keys are followed as Kubernetes' decoder does; spans stay on the use site.

use std::ops::Range;

use crate::Span;
use crate::syntax::{NodeId, NodeKind, Resolved, ScalarStyle, SyntaxTree};

/// One node of the tree, with the key it was reached through.
#[derive(Clone, Copy)]
pub struct View<'t> {
    tree: &'t SyntaxTree,
    /// The node as written (an alias stays an alias, so spans point at the use).
    at: NodeId,
    /// The node the content comes from.
    id: NodeId,
    key: Option<NodeId>,
}

impl<'t> View<'t> {
    pub fn new(tree: &'t SyntaxTree, id: NodeId) -> Self {
        View {
            tree,
            at: id,
            id: tree.resolve_alias(id),
            key: None,
        }
    }

    /// The node the content comes from (aliases followed): an identity for the object, e.g. a
    /// spec that declares params.
    pub fn id(self) -> NodeId {
        self.id
    }

    /// The tree the view reads.
    pub fn tree(self) -> &'t SyntaxTree {
        self.tree
    }

    /// The value of `key` in this mapping; `None` when the key is absent or has no value.
    pub fn get(self, key: &str) -> Option<View<'t>> {
        if !self.is_map() {
            return None;
        }
        let entry = self.tree.entry(self.id, key)?;
        let value = entry.value?;
        Some(View {
            key: entry.key,
            ..View::new(self.tree, value)
        })
    }

    pub fn has(self, key: &str) -> bool {
        self.get(key).is_some_and(|v| !v.is_null())
    }

    /// The value's span (of the alias, when the value is one).
    pub fn span(self) -> Span {
        self.tree.node(self.at).span
    }

    /// The span of the key this value was reached through, else the value's.
    pub fn key_span(self) -> Span {
        self.key
            .map_or_else(|| self.span(), |key| self.tree.node(key).span)
    }

    /// Where to put a diagnostic about a whole list item or mapping: its `name` value when it
    /// has one, else its first key, so the underline stays on one line.
    pub fn head_span(self) -> Span {
        if let Some(name) = self.get("name") {
            return name.span();
        }
        match &self.tree.node(self.id).kind {
            NodeKind::Mapping(entries) if self.at == self.id => entries
                .first()
                .and_then(|entry| entry.key)
                .map_or_else(|| self.span(), |key| self.tree.node(key).span),
            _ => self.span(),
        }
    }

    /// The string value, when the node is a scalar Kubernetes reads as a string.
    pub fn str(self) -> Option<&'t str> {
        match self.tree.scalar(self.id) {
            Some(scalar) if scalar.resolved == Resolved::String => Some(&scalar.value),
            _ => None,
        }
    }

    /// Any scalar's text (numbers and booleans as written), for fields upstream turns into
    /// strings (param values).
    pub fn scalar_text(self) -> Option<&'t str> {
        match self.tree.scalar(self.id) {
            Some(scalar) if scalar.resolved != Resolved::Null => Some(&scalar.value),
            _ => None,
        }
    }

    pub fn int(self) -> Option<i64> {
        match self.tree.scalar(self.id)?.resolved {
            Resolved::Int(value) => Some(value),
            _ => None,
        }
    }

    pub fn bool(self) -> Option<bool> {
        match self.tree.scalar(self.id)?.resolved {
            Resolved::Bool(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_null(self) -> bool {
        matches!(self.tree.scalar(self.id), Some(s) if s.resolved == Resolved::Null)
    }

    pub fn is_map(self) -> bool {
        matches!(self.tree.node(self.id).kind, NodeKind::Mapping(_))
    }

    pub fn is_seq(self) -> bool {
        matches!(self.tree.node(self.id).kind, NodeKind::Sequence(_))
    }

    /// Items of a sequence; nothing for any other node.
    pub fn items(self) -> impl Iterator<Item = View<'t>> {
        let items: &'t [NodeId] = match &self.tree.node(self.id).kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
        };
        let tree = self.tree;
        items.iter().map(move |&item| View::new(tree, item))
    }

    /// `(key, value)` of a mapping's own entries (merge keys not expanded).
    pub fn entries(self) -> impl Iterator<Item = (&'t str, View<'t>)> {
        let entries: &'t [crate::syntax::Entry] = match &self.tree.node(self.id).kind {
            NodeKind::Mapping(entries) => entries,
            _ => &[],
        };
        let tree = self.tree;
        entries.iter().filter_map(move |entry| {
            let key = tree.str_value(entry.key?)?;
            let value = entry.value?;
            Some((
                key,
                View {
                    key: entry.key,
                    ..View::new(tree, value)
                },
            ))
        })
    }

    /// The span of `range` of this scalar's decoded value in the file. A reference's text never
    /// contains what quoting or folding changes, so the n-th occurrence of the same text in the
    /// source is the n-th in the value; when that fails the whole scalar is the span.
    pub fn sub_span(self, text: &str, range: Range<usize>) -> Span {
        if let Some(span) = self.one_line_sub_span(text, range.clone()) {
            return span;
        }
        let whole = self.tree.node(self.id).span;
        let (Some(value), Some(source)) = (
            self.tree.scalar(self.id).map(|s| s.value.as_str()),
            text.get(whole.start..whole.end),
        ) else {
            return self.span();
        };
        let Some(needle) = value.get(range.clone()).filter(|n| !n.is_empty()) else {
            return self.span();
        };
        // Occurrences before the range; references cannot overlap themselves.
        let nth = value
            .match_indices(needle)
            .take_while(|(at, _)| *at < range.start)
            .count();
        match source.match_indices(needle).nth(nth) {
            Some((at, _)) => Span::new(whole.start + at, whole.start + at + needle.len()),
            None => self.span(),
        }
    }

    /// [`View::sub_span`] by decoding the source of a scalar written on one line (plain or
    /// quoted), so a range with quotes or escapes in it maps exactly; `None` for other scalars
    /// or when the decoding does not give the value.
    fn one_line_sub_span(self, text: &str, range: Range<usize>) -> Option<Span> {
        let scalar = self.tree.scalar(self.id)?;
        let whole = self.tree.node(self.id).span;
        let source = text.get(whole.start..whole.end)?;
        if source.contains(['\n', '\r']) || range.is_empty() {
            return None;
        }
        let (body, base) = match scalar.style {
            ScalarStyle::Plain => (source, whole.start),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => (
                source.get(1..source.len().checked_sub(1)?)?,
                whole.start + 1,
            ),
            ScalarStyle::Literal | ScalarStyle::Folded => return None,
        };
        let mut decoded = String::with_capacity(body.len());
        let (mut start, mut end) = (None, None);
        let mut at = 0;
        while at <= body.len() {
            if decoded.len() == range.start {
                start.get_or_insert(base + at);
            }
            if decoded.len() == range.end {
                end.get_or_insert(base + at);
            }
            let rest = body.get(at..)?;
            let Some(c) = rest.chars().next() else { break };
            let (unit, width) = match (scalar.style, c) {
                (ScalarStyle::SingleQuoted, '\'') => ('\'', 2),
                (ScalarStyle::DoubleQuoted, '\\') => double_quoted_escape(rest)?,
                _ => (c, c.len_utf8()),
            };
            decoded.push(unit);
            at += width;
        }
        (decoded == scalar.value).then_some(())?;
        Some(Span::new(start?, end?))
    }
}

/// The character a YAML double-quoted escape at the start of `rest` stands for, and its length.
fn double_quoted_escape(rest: &str) -> Option<(char, usize)> {
    let code = rest.as_bytes().get(1)?;
    let hex = |digits: usize| {
        let value = u32::from_str_radix(rest.get(2..2 + digits)?, 16).ok()?;
        Some((char::from_u32(value)?, 2 + digits))
    };
    let c = match code {
        b'x' => return hex(2),
        b'u' => return hex(4),
        b'U' => return hex(8),
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        _ => return None,
    };
    Some((c, 2))
}
