//! Span tree → `serde_json::Value`, the way Kubernetes turns YAML into JSON.
//!
//! Aliases are expanded (with a budget against alias bombs, which go-yaml also refuses), merge
//! keys are applied, scalars take their resolved types and keys become strings.

use serde_json::{Map, Number, Value};

use super::tree::{NodeId, NodeKind, Resolved, SyntaxTree};
use crate::Span;

/// Why a value could not be built in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    #[error("aliases expand to more than {limit} nodes; the document is not analysed")]
    AliasBudgetExceeded { limit: usize },
}

/// A converted value and what in it Kubernetes could not have converted.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonConversion {
    pub value: Value,
    /// Keys that are mappings or sequences (e.g. an unquoted `{{placeholder}}` key): valid YAML,
    /// but kubectl's YAML-to-JSON step rejects the file. Here they become their JSON text.
    pub collection_keys: Vec<Span>,
}

/// Converts the node `id` (usually a document root).
pub fn to_json(tree: &SyntaxTree, id: NodeId) -> Result<JsonConversion, JsonError> {
    // Generous for real documents (a value rarely has more nodes than the file), small enough
    // that a billion-laughs document stops after a few milliseconds.
    let limit = 50_000 + 4 * tree.nodes.len();
    let mut converter = Converter {
        tree,
        remaining: limit,
        collection_keys: Vec::new(),
    };
    let value = converter
        .convert(id)
        .ok_or(JsonError::AliasBudgetExceeded { limit })?;
    let mut collection_keys = converter.collection_keys;
    // An aliased key is met once per use.
    collection_keys.sort_by_key(|span| (span.start, span.end));
    collection_keys.dedup();
    Ok(JsonConversion {
        value,
        collection_keys,
    })
}

struct Converter<'a> {
    tree: &'a SyntaxTree,
    remaining: usize,
    collection_keys: Vec<Span>,
}

impl Converter<'_> {
    /// `None` when the budget runs out.
    fn convert(&mut self, id: NodeId) -> Option<Value> {
        self.remaining = self.remaining.checked_sub(1)?;
        let node = self.tree.node(id);
        Some(match &node.kind {
            NodeKind::Scalar(scalar) => match scalar.resolved {
                Resolved::Null => Value::Null,
                Resolved::Bool(b) => Value::Bool(b),
                Resolved::Int(i) => Value::Number(i.into()),
                // JSON has no infinities or NaN; keep the text so a string field still accepts it.
                Resolved::Float(f) => Number::from_f64(f)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(scalar.value.clone())),
                Resolved::String => Value::String(scalar.value.clone()),
            },
            NodeKind::Sequence(items) => {
                let mut values = Vec::with_capacity(items.len());
                for &item in items {
                    values.push(self.convert(item)?);
                }
                Value::Array(values)
            }
            NodeKind::Mapping(_) => Value::Object(self.convert_mapping(id)?),
            NodeKind::Alias { target, .. } => match target {
                Some(target) => self.convert(*target)?,
                // An alias to an unknown anchor is an error go-yaml reports; null keeps the key.
                None => Value::Null,
            },
        })
    }

    fn convert_mapping(&mut self, id: NodeId) -> Option<Map<String, Value>> {
        let NodeKind::Mapping(entries) = &self.tree.node(id).kind else {
            return Some(Map::new());
        };
        let mut map = Map::new();
        // Merged mappings first, so explicit keys override them; earlier merge sources win over
        // later ones.
        for entry in entries.iter().filter(|e| self.tree.is_merge(e)) {
            for source in self.tree.merge_sources(entry).into_iter().rev() {
                for (key, value) in self.convert_mapping(source)? {
                    // Counted here too: merges alone can multiply work.
                    self.remaining = self.remaining.checked_sub(1)?;
                    map.insert(key, value);
                }
            }
        }
        for entry in entries.iter().filter(|e| !self.tree.is_merge(e)) {
            self.remaining = self.remaining.checked_sub(1)?;
            let key = match entry.key {
                None => "null".to_owned(),
                Some(key) => match self.tree.key_text(entry) {
                    Some(text) => text.into_owned(),
                    // A collection as a key: go-yaml accepts it, JSON cannot; use its JSON text.
                    None => {
                        self.collection_keys.push(self.tree.node(key).span);
                        self.convert(key)?.to_string()
                    }
                },
            };
            let value = match entry.value {
                Some(value) => self.convert(value)?,
                None => Value::Null,
            };
            map.insert(key, value);
        }
        Some(map)
    }
}
