//! Matrix: fanning a pipeline task out over combinations of parameter values.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Param;

/// Runs the pipeline task once per combination of the array parameters in `params`, plus
/// once per explicit combination in `include`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Matrix {
    /// Array parameters whose elements are combined; each element is passed to a string
    /// parameter of the same name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// Extra combinations of string parameters, added to or merged into the fan-out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<IncludeParams>,
}

/// One explicit combination of parameter values in a matrix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IncludeParams {
    /// A name for this combination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// String parameters for this combination.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
}
