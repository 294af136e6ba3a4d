//! Which parts of a JSON Schema apply at a place of a document: the walk the schema check uses
//! for its did-you-mean suggestions, and the editor features for the keys, values and
//! descriptions they complete and show.
//!
//! The generated schemas are draft-07 and self-contained: `$ref`s are local pointers
//! (`#/definitions/...`), and a property's own description sits beside an `allOf: [{$ref}]` that
//! names its type. A place may have several applicable subschemas (every branch of an
//! `allOf`/`anyOf`/`oneOf`), so each step returns all of them.

use serde_json::Value;

use crate::syntax::PathSegment;

/// References nest no deeper in the generated schemas; the bound only stops a malformed schema
/// from recursing forever.
const MAX_DEPTH: u32 = 32;

/// `schema` and, recursively, what its `$ref`, `allOf`, `anyOf` and `oneOf` point to (outermost
/// first). `root` is the document schema that `$ref`s point into.
pub fn expand<'a>(root: &'a Value, schema: &'a Value, out: &mut Vec<&'a Value>) {
    expand_within(root, schema, out, 0);
}

fn expand_within<'a>(root: &'a Value, schema: &'a Value, out: &mut Vec<&'a Value>, depth: u32) {
    if depth > MAX_DEPTH {
        return;
    }
    out.push(schema);
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| root.pointer(pointer))
    {
        expand_within(root, target, out, depth + 1);
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = schema.get(keyword) {
            for branch in branches {
                expand_within(root, branch, out, depth + 1);
            }
        }
    }
}

/// The subschemas (expanded) of the value one `segment` below a value that `schemas` apply to:
/// a property (or `additionalProperties`) for a key, `items` for an index.
pub fn child<'a>(root: &'a Value, schemas: &[&'a Value], segment: &PathSegment) -> Vec<&'a Value> {
    let mut next = Vec::new();
    for found in direct_child(schemas, segment) {
        expand(root, found, &mut next);
    }
    next
}

/// Like [`child`], before expansion: the property or `items` schemas themselves.
pub fn direct_child<'a>(schemas: &[&'a Value], segment: &PathSegment) -> Vec<&'a Value> {
    schemas
        .iter()
        .filter_map(|schema| match segment {
            PathSegment::Key(key) => schema
                .get("properties")
                .and_then(|p| p.get(key))
                .or_else(|| schema.get("additionalProperties")),
            PathSegment::Index(index) => match schema.get("items") {
                Some(Value::Array(items)) => items.get(*index),
                other => other,
            },
        })
        .filter(|found| found.is_object())
        .collect()
}

/// The subschemas (expanded) of the value at `path` in a document validated by `root`; empty
/// when the schema has nothing there.
pub fn at_path<'a>(root: &'a Value, path: &[PathSegment]) -> Vec<&'a Value> {
    let mut schemas = Vec::new();
    expand(root, root, &mut schemas);
    for segment in path {
        schemas = child(root, &schemas, segment);
        if schemas.is_empty() {
            break;
        }
    }
    schemas
}

/// The property names the schema allows for the object at `path`, sorted.
pub fn property_names(root: &Value, path: &[PathSegment]) -> Vec<String> {
    let mut names: Vec<String> = at_path(root, path)
        .iter()
        .filter_map(|s| s.get("properties").and_then(Value::as_object))
        .flat_map(|props| props.keys().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}
