//! Node construction shared by both parsers, so a document gets the same tree whichever
//! parser read it: scalars decoded and typed the same way, tags applied the same way, anchors
//! registered at the same moment, and collection spans drawn by one rule.
//!
//! The span rule: a block collection spans from its first to its last child, and an entry
//! from its key to its value (to its `:` when there is no value). Trailing comments and blank
//! lines belong to no node, so a node's text is exactly its content.

use std::collections::HashMap;

use super::scalar::{decode, resolve_plain};
use super::tree::{Entry, Node, NodeId, NodeKind, Resolved, Scalar, ScalarStyle, SyntaxTree};
use crate::Span;

pub(super) struct Builder<'t> {
    pub(super) tree: &'t mut SyntaxTree,
    anchors: HashMap<String, NodeId>,
}

impl<'t> Builder<'t> {
    pub(super) fn new(tree: &'t mut SyntaxTree) -> Self {
        Builder {
            tree,
            anchors: HashMap::new(),
        }
    }

    fn push(&mut self, span: Span, has_error: bool, kind: NodeKind) -> NodeId {
        let id = NodeId(self.tree.nodes.len() as u32);
        self.tree.nodes.push(Node {
            span,
            anchor: None,
            tag: None,
            has_error,
            kind,
        });
        id
    }

    pub(super) fn node_span(&self, id: NodeId) -> Span {
        self.tree.nodes[id.0 as usize].span
    }

    /// A scalar from its exact source text. `line_indent` is the indentation of the line it
    /// starts on (the base of a block scalar's indentation indicator).
    pub(super) fn scalar(
        &mut self,
        span: Span,
        style: ScalarStyle,
        source: &str,
        line_indent: usize,
        has_error: bool,
    ) -> NodeId {
        // A block scalar ends at its last non-blank character: tree-sitter stretches the last
        // one of a document over the blank lines after it.
        let (span, source) = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let source = source.trim_end();
                (Span::new(span.start, span.start + source.len()), source)
            }
            _ => (span, source),
        };
        let value = decode(style, source, line_indent);
        let resolved = if style == ScalarStyle::Plain {
            resolve_plain(&value)
        } else {
            Resolved::String
        };
        let scalar = Scalar {
            value,
            style,
            resolved,
        };
        self.push(span, has_error, NodeKind::Scalar(scalar))
    }

    /// The null of `-` alone or of properties without content (`key: &a`), at `at`.
    pub(super) fn empty_scalar(&mut self, at: usize) -> NodeId {
        let scalar = Scalar {
            value: String::new(),
            style: ScalarStyle::Plain,
            resolved: Resolved::Null,
        };
        self.push(Span::at(at), false, NodeKind::Scalar(scalar))
    }

    /// `*name`, pointing at the most recent node anchored `&name` in this document.
    pub(super) fn alias(&mut self, span: Span, name: &str) -> NodeId {
        let target = self.anchors.get(name).copied();
        let kind = NodeKind::Alias {
            name: name.to_owned(),
            target,
        };
        self.push(span, false, kind)
    }

    /// One `key: value` pair; `pair_end` is where the pair's text ends when it has no value.
    pub(super) fn entry(
        &self,
        start: usize,
        key: Option<NodeId>,
        value: Option<NodeId>,
        pair_end: usize,
    ) -> Entry {
        let end = value.map_or(pair_end, |value| self.node_span(value).end);
        Entry {
            key,
            value,
            span: Span::new(start, end.max(start)),
        }
    }

    /// A block mapping starting at `start`: it ends where its last entry ends.
    pub(super) fn block_mapping(
        &mut self,
        start: usize,
        fallback_end: usize,
        entries: Vec<Entry>,
        has_error: bool,
    ) -> NodeId {
        let end = entries.last().map_or(fallback_end, |entry| entry.span.end);
        self.push(
            Span::new(start, end.max(start)),
            has_error,
            NodeKind::Mapping(entries),
        )
    }

    /// A block sequence starting at its first `-`: it ends where its last item ends.
    pub(super) fn block_sequence(
        &mut self,
        start: usize,
        fallback_end: usize,
        items: Vec<NodeId>,
        has_error: bool,
    ) -> NodeId {
        let end = items
            .last()
            .map_or(fallback_end, |&item| self.node_span(item).end);
        self.push(
            Span::new(start, end.max(start)),
            has_error,
            NodeKind::Sequence(items),
        )
    }

    /// A flow collection or a pair inside a flow sequence: its span is the text's.
    pub(super) fn flow_collection(
        &mut self,
        span: Span,
        kind: NodeKind,
        has_error: bool,
    ) -> NodeId {
        self.push(span, has_error, kind)
    }

    /// Attaches `&anchor` and `!tag` to a node once its content is built. The anchor is
    /// registered only now, so an alias inside the content cannot point at it: the tree stays
    /// acyclic.
    pub(super) fn set_properties(
        &mut self,
        id: NodeId,
        anchor: Option<String>,
        tag: Option<String>,
    ) {
        let node = &mut self.tree.nodes[id.0 as usize];
        if tag.is_some() {
            node.tag = tag;
            apply_tag(node);
        }
        if let Some(name) = anchor {
            node.anchor = Some(name.clone());
            self.anchors.insert(name, id);
        }
    }

    /// Anchors do not reach across documents.
    pub(super) fn end_document(&mut self) {
        self.anchors.clear();
    }
}

/// Standard tags override resolution: `!!str 1` is a string, `!!int "1"` an integer.
fn apply_tag(node: &mut Node) {
    let NodeKind::Scalar(scalar) = &mut node.kind else {
        return;
    };
    match node.tag.as_deref() {
        Some("!!str") => scalar.resolved = Resolved::String,
        Some("!!int") => {
            if let Resolved::Int(_) = resolve_plain(&scalar.value) {
                scalar.resolved = resolve_plain(&scalar.value);
            }
        }
        Some("!!float") => {
            if let Ok(float) = scalar.value.parse::<f64>() {
                scalar.resolved = Resolved::Float(float);
            }
        }
        Some("!!bool") => {
            if let Resolved::Bool(b) = resolve_plain(&scalar.value) {
                scalar.resolved = Resolved::Bool(b);
            }
        }
        Some("!!null") => scalar.resolved = Resolved::Null,
        _ => {}
    }
}
