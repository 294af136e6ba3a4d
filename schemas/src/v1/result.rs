//! Results: values that steps, Tasks and Pipelines declare and report.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ParamType, ParamValue, PropertySpec};

/// Declares a result that a Task produces, or, with `value`, that it takes from a step result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskResult {
    /// The result's name, used in `$(results.<name>.path)` and `$(tasks.<task>.results.<name>)`.
    pub name: String,
    /// The value type: `string` (default), `array`, or `object` (the default when `properties`
    /// is set).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ParamType>,
    /// The keys of an `object` result and the type of each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, PropertySpec>,
    /// What the result holds; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the value comes from, typically `$(steps.<step>.results.<name>)`; when unset the
    /// steps write it to `$(results.<name>.path)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ParamValue>,
}

/// Declares a result that a single step (or StepAction) produces.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StepResult {
    /// The result's name; the step writes it to `$(step.results.<name>.path)`.
    pub name: String,
    /// The value type: `string` (default), `array` or `object`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ParamType>,
    /// The keys of an `object` result and the type of each.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, PropertySpec>,
    /// What the result holds; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Declares a result of a Pipeline, computed from its tasks' results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineResult {
    /// The result's name.
    pub name: String,
    /// The value type: `string` (default), `array` or `object`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ParamType>,
    /// What the result holds; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The value, usually built from `$(tasks.<task>.results.<name>)` references.
    pub value: ParamValue,
}

/// A result value reported in a run's status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunResult {
    /// The result's name.
    pub name: String,
    /// The value type, when reported.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<ParamType>,
    /// The value produced.
    pub value: ParamValue,
}
