//! The generated JSON Schemas (`schemas/json/`), read for completion and hover: which keys an
//! object may have (with descriptions, required ones, deprecated ones), which values a field
//! takes, and a short name for its type. The schemas are the ones the checks validate with
//! (`SchemaSet::tekton`), parsed once per process; nothing is compiled per request.

use serde_json::Value;
use tekton_analysis::schema_check::SchemaSet;
use tekton_analysis::schema_walk;
use tekton_analysis::syntax::PathSegment;
use tekton_analysis::{TektonKind, TektonVersion};

/// The schema of a kind's documents.
pub(crate) fn root(version: TektonVersion, kind: TektonKind) -> Option<&'static Value> {
    SchemaSet::tekton().schema(version, kind)
}

/// The subschemas at `path` of a document of `kind`.
pub(crate) fn at(
    (version, kind): (TektonVersion, TektonKind),
    path: &[PathSegment],
) -> Option<(&'static Value, Vec<&'static Value>)> {
    let root = root(version, kind)?;
    Some((root, schema_walk::at_path(root, path)))
}

/// One property an object may have.
pub(crate) struct Field<'s> {
    pub name: &'s str,
    /// The property's own schema, expanded (its description comes first).
    pub schemas: Vec<&'s Value>,
    pub required: bool,
}

impl<'s> Field<'s> {
    pub fn description(&self) -> Option<&'s str> {
        description(&self.schemas)
    }

    pub fn deprecated(&self) -> bool {
        self.schemas
            .iter()
            .any(|s| s.get("deprecated") == Some(&Value::Bool(true)))
    }
}

/// The properties the objects at `schemas` may have: required ones first, then by name.
pub(crate) fn fields<'s>(root: &'s Value, schemas: &[&'s Value]) -> Vec<Field<'s>> {
    let required: Vec<&str> = schemas
        .iter()
        .filter_map(|s| s.get("required").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out: Vec<Field<'s>> = Vec::new();
    for schema in schemas {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (name, property) in properties {
            if out.iter().any(|f| f.name == name) {
                continue;
            }
            let mut expanded = Vec::new();
            schema_walk::expand(root, property, &mut expanded);
            out.push(Field {
                name,
                schemas: expanded,
                required: required.contains(&name.as_str()),
            });
        }
    }
    out.sort_by(|a, b| (!a.required, a.name).cmp(&(!b.required, b.name)));
    out
}

/// The first description among `schemas` (a property's own before its type's).
pub(crate) fn description<'s>(schemas: &[&'s Value]) -> Option<&'s str> {
    schemas
        .iter()
        .find_map(|s| s.get("description").and_then(Value::as_str))
        .filter(|d| !d.is_empty())
}

/// Whether any of `schemas` allows the JSON type `name`.
pub(crate) fn allows(schemas: &[&Value], name: &str) -> bool {
    schemas.iter().any(|s| match s.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some(name)),
        _ => false,
    })
}

/// A value a field takes, from an `enum`, a `const` (also per `oneOf` branch) or a boolean type.
pub(crate) struct Choice<'s> {
    pub text: String,
    pub description: Option<&'s str>,
}

pub(crate) fn choices<'s>(schemas: &[&'s Value]) -> Vec<Choice<'s>> {
    let mut out: Vec<Choice<'s>> = Vec::new();
    let mut add = |value: &Value, description: Option<&'s str>| {
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Null => return,
            other => other.to_string(),
        };
        if !out.iter().any(|c| c.text == text) {
            out.push(Choice { text, description });
        }
    };
    for schema in schemas {
        let own = schema.get("description").and_then(Value::as_str);
        if let Some(value) = schema.get("const") {
            add(value, own);
        }
        for value in schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            add(value, None);
        }
    }
    if allows(schemas, "boolean") && !allows(schemas, "string") {
        add(&Value::Bool(true), None);
        add(&Value::Bool(false), None);
    }
    out
}

/// A short name for the type at `schemas`: `string`, `integer`, `Step`, `list of Param`.
pub(crate) fn type_label(root: &Value, schemas: &[&Value]) -> Option<String> {
    let named = schemas.iter().find_map(|s| definition_name(s));
    if allows(schemas, "array") {
        let items = schemas.iter().find_map(|s| s.get("items"))?;
        let mut expanded = Vec::new();
        schema_walk::expand(root, items, &mut expanded);
        let item = type_label(root, &expanded).unwrap_or_else(|| "values".to_owned());
        return Some(format!("list of {item}"));
    }
    if let Some(name) = named {
        return Some(name.to_owned());
    }
    for name in ["string", "integer", "number", "boolean", "object"] {
        if allows(schemas, name) {
            return Some(name.to_owned());
        }
    }
    None
}

/// `Step` for `#/definitions/Step`, `EnvVar` for `#/definitions/io.k8s.api.core.v1.EnvVar`.
fn definition_name(schema: &Value) -> Option<&str> {
    let reference = schema.get("$ref")?.as_str()?;
    let name = reference.strip_prefix("#/definitions/")?;
    Some(name.rsplit('.').next().unwrap_or(name))
}

/// Whether the value at `schemas` is an object (a mapping is written below its key).
pub(crate) fn is_object(schemas: &[&Value]) -> bool {
    allows(schemas, "object") && !allows(schemas, "string")
}

/// Whether the value at `schemas` is a list.
pub(crate) fn is_list(schemas: &[&Value]) -> bool {
    allows(schemas, "array") && !allows(schemas, "string")
}
