//! The span tree: YAML nodes in one arena per file, each with its exact byte span.
//!
//! Mapping entries keep the key's span apart from the value's, so a diagnostic about a key and
//! one about its value underline different text. Nodes refer to each other by [`NodeId`]
//! (indices into the arena), which keeps the tree one allocation-light `Vec` and makes aliases
//! plain references to the anchored node instead of copies.

use std::borrow::Cow;

use crate::Span;

/// Index of a node in its [`SyntaxTree`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

/// A parsed YAML file: its documents, every node, its comments and its syntax errors.
#[derive(Clone, Debug, Default)]
pub struct SyntaxTree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) documents: Vec<YamlDocument>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) errors: Vec<SyntaxError>,
}

/// One document of a `---` stream.
#[derive(Clone, Debug)]
pub struct YamlDocument {
    pub span: Span,
    /// `None` for an empty document (only comments or directives).
    pub root: Option<NodeId>,
}

/// A `# ...` comment; `span` covers the `#` and the text after it.
#[derive(Clone, Debug)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// A place where the text is not valid YAML. The nodes around it still parse.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Node {
    /// The node's content, without its anchor or tag.
    pub span: Span,
    pub anchor: Option<String>,
    pub tag: Option<String>,
    /// Whether a syntax error lies inside this node; checks that would only report the fallout
    /// of the error (e.g. a required key lost to it) stay quiet for such nodes.
    pub has_error: bool,
    pub kind: NodeKind,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Scalar(Scalar),
    Mapping(Vec<Entry>),
    Sequence(Vec<NodeId>),
    /// `*name`; `target` is the most recent node anchored `&name` before it, if any.
    Alias {
        name: String,
        target: Option<NodeId>,
    },
}

/// One `key: value` pair. Either side may be absent in half-typed text (`key:` has no value).
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub key: Option<NodeId>,
    pub value: Option<NodeId>,
    /// From the key's start to the value's end.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The decoded string value (escapes resolved, lines folded, block indentation removed).
    pub value: String,
    pub style: ScalarStyle,
    /// The type Kubernetes gives the scalar (see [`crate::syntax::scalar`]).
    pub resolved: Resolved,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// A scalar's resolved type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String,
}

impl Scalar {
    /// The scalar as a JSON object key, the way Kubernetes' YAML-to-JSON conversion writes it
    /// (`yes: 1` has the key `"true"`, `0x10: a` the key `"16"`).
    pub fn json_key(&self) -> Cow<'_, str> {
        match self.resolved {
            Resolved::String => Cow::Borrowed(&self.value),
            Resolved::Null => Cow::Borrowed("null"),
            Resolved::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            Resolved::Int(i) => Cow::Owned(i.to_string()),
            Resolved::Float(f) => Cow::Owned(f.to_string()),
        }
    }

    /// Whether [`Scalar::json_key`] is `key`, without building it for string keys (nearly all).
    pub fn is_json_key(&self, key: &str) -> bool {
        match self.resolved {
            Resolved::String => self.value == key,
            _ => self.json_key() == key,
        }
    }
}

impl SyntaxTree {
    pub fn documents(&self) -> &[YamlDocument] {
        &self.documents
    }

    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// # Panics
    /// Never for ids handed out by this tree; an id from another tree may point anywhere.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// Every node written inside `span` (aliases are nodes of their own, not their targets).
    pub fn nodes_within(&self, span: Span) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(move |node| span.start <= node.span.start && node.span.end <= span.end)
    }

    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0 as usize)
    }

    /// Follows aliases to the node they stand for (aliases always point backwards, so this ends).
    pub fn resolve_alias(&self, mut id: NodeId) -> NodeId {
        while let NodeKind::Alias {
            target: Some(target),
            ..
        } = self.node(id).kind
        {
            id = target;
        }
        id
    }

    /// The scalar at `id`, if it is one.
    pub fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match &self.node(id).kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The JSON key form of an entry's key, when the key is a scalar.
    pub fn key_text(&self, entry: &Entry) -> Option<Cow<'_, str>> {
        entry
            .key
            .and_then(|key| self.scalar(self.resolve_alias(key)))
            .map(Scalar::json_key)
    }

    /// The string value of a scalar node (through aliases).
    pub fn str_value(&self, id: NodeId) -> Option<&str> {
        self.scalar(self.resolve_alias(id))
            .map(|scalar| scalar.value.as_str())
    }

    /// The entry of mapping `id` whose key is `key`, following merge keys (`<<: *base`) when the
    /// mapping itself lacks it. Explicit keys win over merged ones; a later duplicate key wins
    /// over an earlier one, as in Kubernetes' decoder.
    pub fn entry(&self, id: NodeId, key: &str) -> Option<Entry> {
        self.entry_with_origin(id, key).map(|(entry, _)| entry)
    }

    /// Like [`SyntaxTree::entry`], plus the span of the merge value (`*base`) the entry came
    /// through, when it is not in the mapping itself.
    pub fn entry_with_origin(&self, id: NodeId, key: &str) -> Option<(Entry, Option<Span>)> {
        self.entry_within(id, key, 0)
    }

    fn entry_within(&self, id: NodeId, key: &str, depth: u32) -> Option<(Entry, Option<Span>)> {
        // Merge chains are as deep as the anchors before them; bound them anyway.
        if depth > 64 {
            return None;
        }
        let NodeKind::Mapping(entries) = &self.node(self.resolve_alias(id)).kind else {
            return None;
        };
        // One pass over the entries finds the key and tells whether merges need a second look.
        let mut merges = false;
        for entry in entries.iter().rev() {
            if self.is_merge(entry) {
                merges = true;
            } else if entry
                .key
                .and_then(|k| self.scalar(self.resolve_alias(k)))
                .is_some_and(|scalar| scalar.is_json_key(key))
            {
                return Some((*entry, None));
            }
        }
        if !merges {
            return None;
        }
        entries
            .iter()
            .filter(|entry| self.is_merge(entry))
            .find_map(|merge| {
                let via = merge.value.map(|v| self.node(v).span);
                self.merge_sources(merge)
                    .into_iter()
                    .find_map(|source| self.entry_within(source, key, depth + 1))
                    .map(|(entry, _)| (entry, via))
            })
    }

    /// Whether the entry is a merge key `<<` (plain, not quoted).
    pub fn is_merge(&self, entry: &Entry) -> bool {
        entry
            .key
            .and_then(|key| self.scalar(key))
            .is_some_and(|scalar| scalar.style == ScalarStyle::Plain && scalar.value == "<<")
    }

    /// The mappings a merge entry pulls in, in priority order.
    pub(crate) fn merge_sources(&self, entry: &Entry) -> Vec<NodeId> {
        let Some(value) = entry.value.map(|v| self.resolve_alias(v)) else {
            return Vec::new();
        };
        match &self.node(value).kind {
            NodeKind::Mapping(_) => vec![value],
            NodeKind::Sequence(items) => items
                .iter()
                .map(|&item| self.resolve_alias(item))
                .filter(|&item| matches!(self.node(item).kind, NodeKind::Mapping(_)))
                .collect(),
            _ => Vec::new(),
        }
    }
}
