//! When expressions: guards that decide whether a pipeline task or step runs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a when expression compares its input with its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Operator {
    /// True when the input equals one of the values.
    In,
    /// True when the input equals none of the values.
    #[serde(rename = "notin")]
    NotIn,
}

/// A guard: either `input` + `operator` + `values`, or a `cel` expression. All of a task's
/// guards must be true for it to run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WhenExpression {
    /// The value to test, usually a `$(params...)` or `$(tasks...results...)` reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// `in` or `notin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Operator>,
    /// The values `input` is compared with; must not be empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// A CEL expression to evaluate instead (needs the `enable-cel-in-whenexpression` flag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cel: Option<String>,
}
