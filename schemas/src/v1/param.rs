//! Parameters: declarations (`params` of a Task or Pipeline), values passed to them, and the
//! string/array/object value type.

use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// The type of a parameter or result value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    /// A single string.
    String,
    /// A list of strings.
    Array,
    /// A map from string keys to string values.
    Object,
}

/// Declares a parameter that a Task, Pipeline or StepAction accepts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParamSpec {
    /// The parameter's name, used in `$(params.<name>)` references.
    pub name: String,
    /// The value type: `string`, `array` or `object`. When unset it is `object` if `properties`
    /// is set, otherwise the type of `default`, otherwise `string`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ParamType>,
    /// What the parameter is for; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The keys of an `object` parameter and the type of each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, PropertySpec>,
    /// The value used when none is supplied. Without a default the parameter is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<ParamValue>,
    /// The only values a supplied string may take (needs the `enable-param-enum` feature flag).
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_: Vec<String>,
}

/// The type of one key of an `object` parameter or result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PropertySpec {
    /// The key's value type; only `string` is supported.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ParamType>,
}

/// A value supplied for a parameter by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Param {
    /// The name of the declared parameter this value is for.
    pub name: String,
    /// The value: a string, an array of strings or an object of strings. May contain
    /// `$(...)` variable references.
    pub value: ParamValue,
}

/// A parameter or result value: a string, an array of strings or a map of strings.
///
/// Numbers and booleans are accepted and kept as their text, as Tekton does (`value: 1` is the
/// string `"1"`), since YAML authors write them unquoted. Anything else (null, nested lists or
/// maps, non-string items) is rejected: Tekton would silently turn it into a JSON string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A single string.
    String(String),
    /// A list of strings.
    Array(Vec<String>),
    /// A map from string keys to string values.
    Object(BTreeMap<String, String>),
}

impl ParamValue {
    /// The type of this value.
    pub fn type_(&self) -> ParamType {
        match self {
            Self::String(_) => ParamType::String,
            Self::Array(_) => ParamType::Array,
            Self::Object(_) => ParamType::Object,
        }
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ParamValueVisitor)
    }
}

struct ParamValueVisitor;

impl<'de> Visitor<'de> for ParamValueVisitor {
    type Value = ParamValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, an array of strings or a map of strings")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<ParamValue, E> {
        Ok(ParamValue::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<ParamValue, E> {
        Ok(ParamValue::String(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<ParamValue, E> {
        Ok(ParamValue::String(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ParamValue, E> {
        Ok(ParamValue::String(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ParamValue, E> {
        Ok(ParamValue::String(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ParamValue, E> {
        Ok(ParamValue::String(v.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ParamValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(ParamValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ParamValue, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((key, value)) = map.next_entry::<String, String>()? {
            entries.insert(key, value);
        }
        Ok(ParamValue::Object(entries))
    }
}

impl JsonSchema for ParamValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ParamValue".into()
    }

    // Hand-written: the three shapes are disjoint JSON types, so `oneOf` never reports
    // "matches multiple schemas", and scalars other than strings are admitted as Tekton does.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A string, an array of strings or a map of strings. Numbers and booleans count as strings.",
            "oneOf": [
                {
                    "description": "A string value (a number or boolean is taken as its text).",
                    "type": ["string", "number", "boolean"]
                },
                {
                    "description": "An array value.",
                    "type": "array",
                    "items": { "type": "string" }
                },
                {
                    "description": "An object value.",
                    "type": "object",
                    "additionalProperties": { "type": "string" }
                }
            ]
        })
    }
}
