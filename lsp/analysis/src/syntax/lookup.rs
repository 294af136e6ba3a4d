//! Finding nodes: by JSON-pointer-like path (to place a diagnostic whose location a validator
//! gave as an instance path) and by byte offset (for completion and hover).

use super::tree::{NodeId, NodeKind, SyntaxTree};
use crate::Span;

/// One step of a path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

impl PathSegment {
    /// The segments of a JSON pointer (RFC 6901: `/spec/tasks/0/name`, `~1` for `/`, `~0` for
    /// `~`). Every segment is a `Key`; [`SyntaxTree::locate`] reads a numeric key as an index
    /// where the node is a sequence.
    pub fn parse_pointer(pointer: &str) -> Vec<PathSegment> {
        pointer
            .split('/')
            .skip(1)
            .map(|token| PathSegment::Key(token.replace("~1", "/").replace("~0", "~")))
            .collect()
    }
}

/// Where a path leads in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    /// The node the path names; `None` when the key is there but has no value (`key:`).
    pub node: Option<NodeId>,
    /// The key of the last step, when the last step is an object key.
    pub key_span: Option<Span>,
    /// The value's span; the key's when the value is absent.
    pub value_span: Span,
}

/// Where an offset falls in a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CursorPath {
    /// From the document root to the innermost node around the offset.
    pub path: Vec<PathSegment>,
    /// The innermost node; `None` on a key without a value.
    pub node: Option<NodeId>,
    /// Whether the offset is on the key of the path's last step rather than its value.
    pub on_key: bool,
}

impl SyntaxTree {
    /// Follows `path` from `root`, through aliases and merge keys. When the path passes through
    /// an alias, the result is placed on that alias: the anchored text is shared, the use is what
    /// this path is about. Returns `None` when a step does not exist.
    pub fn locate<'p, I>(&self, root: NodeId, path: I) -> Option<Located>
    where
        I: IntoIterator<Item = &'p PathSegment>,
    {
        let mut current = Located {
            node: Some(root),
            key_span: None,
            value_span: self.node(root).span,
        };
        let mut alias_use: Option<Span> = None;
        for segment in path {
            let id = current.node?;
            if alias_use.is_none() && matches!(self.node(id).kind, NodeKind::Alias { .. }) {
                alias_use = Some(self.node(id).span);
            }
            let id = self.resolve_alias(id);
            // A JSON pointer does not say whether `0` is a key or an index: the node decides.
            let index_key;
            let key = match segment {
                PathSegment::Key(key) => Some(key.as_str()),
                PathSegment::Index(index) => {
                    index_key = index.to_string();
                    Some(index_key.as_str())
                }
            };
            let index = match segment {
                PathSegment::Index(index) => Some(*index),
                PathSegment::Key(key) => key.parse().ok(),
            };
            current = match (&self.node(id).kind, key, index) {
                (NodeKind::Mapping(_), Some(key), _) => {
                    let (entry, merged_via) = self.entry_with_origin(id, key)?;
                    if alias_use.is_none() {
                        alias_use = merged_via;
                    }
                    let key_span = entry.key.map(|k| self.node(k).span);
                    Located {
                        node: entry.value,
                        key_span,
                        value_span: match (entry.value, key_span) {
                            (Some(value), _) => self.node(value).span,
                            (None, Some(key)) => key,
                            (None, None) => entry.span,
                        },
                    }
                }
                (NodeKind::Sequence(items), _, Some(index)) => {
                    let item = *items.get(index)?;
                    Located {
                        node: Some(item),
                        key_span: None,
                        value_span: self.node(item).span,
                    }
                }
                _ => return None,
            };
        }
        Some(match alias_use {
            Some(span) => Located {
                node: current.node,
                key_span: Some(span),
                value_span: span,
            },
            None => current,
        })
    }

    /// The path to the innermost node whose span touches `offset`. Aliases are not followed:
    /// the cursor is on the alias itself.
    pub fn cursor_path(&self, root: NodeId, offset: usize) -> CursorPath {
        let mut cursor = CursorPath {
            path: Vec::new(),
            node: Some(root),
            on_key: false,
        };
        if !self.node(root).span.touches(offset) {
            return cursor;
        }
        while let Some(id) = cursor.node {
            match &self.node(id).kind {
                NodeKind::Mapping(entries) => {
                    let Some(entry) = entries.iter().find(|e| e.span.touches(offset)) else {
                        return cursor;
                    };
                    let key_text = self.key_text(entry).map(|k| k.into_owned());
                    let on_key = entry.key.is_some_and(|k| self.node(k).span.touches(offset));
                    let in_value = entry
                        .value
                        .is_some_and(|v| self.node(v).span.touches(offset));
                    if !on_key && !in_value {
                        // Between the key and its value, e.g. right after `key: `.
                        cursor
                            .path
                            .push(PathSegment::Key(key_text.unwrap_or_default()));
                        cursor.node = entry.value;
                        return cursor;
                    }
                    cursor
                        .path
                        .push(PathSegment::Key(key_text.unwrap_or_default()));
                    if on_key {
                        cursor.on_key = true;
                        cursor.node = entry.value;
                        return cursor;
                    }
                    cursor.node = entry.value;
                }
                NodeKind::Sequence(items) => {
                    let Some(index) = items
                        .iter()
                        .position(|&item| self.node(item).span.touches(offset))
                    else {
                        return cursor;
                    };
                    cursor.path.push(PathSegment::Index(index));
                    cursor.node = Some(items[index]);
                }
                NodeKind::Scalar(_) | NodeKind::Alias { .. } => return cursor,
            }
        }
        cursor
    }
}
