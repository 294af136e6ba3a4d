//! PipelineResources, removed from Tekton. The fields still exist in the `v1beta1` types, so
//! such documents decode, but the webhook rejects any use ("must not set the field(s)"). The
//! schema marks them deprecated so editors warn; the linter reports them as errors.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The message editors show on every `resources` field that means PipelineResources.
pub(crate) const REMOVED: &str = "PipelineResources were removed from Tekton; the webhook rejects this field. Use workspaces, params and results (or Tasks from the catalog such as git-clone) instead.";

/// The input and output PipelineResources of a Task (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskResources {
    /// Resources the Task reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<TaskResource>,
    /// Resources the Task writes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<TaskResource>,
}

/// A PipelineResource a Task declares (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskResource {
    /// The resource's name in the Task.
    pub name: String,
    /// The resource type, e.g. `git` or `image`.
    #[serde(rename = "type")]
    pub type_: String,
    /// What the resource is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the resource is placed in the steps' filesystem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_path: Option<String>,
    /// Whether the resource may be left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// A PipelineResource a Pipeline declares (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineDeclaredResource {
    /// The resource's name in the Pipeline.
    pub name: String,
    /// The resource type, e.g. `git` or `image`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Whether the resource may be left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// The PipelineResources a pipeline task passes to its Task (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineTaskResources {
    /// Resources passed to the Task's inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<PipelineTaskInputResource>,
    /// Resources passed to the Task's outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<PipelineTaskOutputResource>,
}

/// A Pipeline resource passed to a Task input (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineTaskInputResource {
    /// The Task's input name.
    pub name: String,
    /// The Pipeline resource name.
    pub resource: String,
    /// Tasks whose output of this resource is used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
}

/// A Pipeline resource passed to a Task output (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineTaskOutputResource {
    /// The Task's output name.
    pub name: String,
    /// The Pipeline resource name.
    pub resource: String,
}

/// The PipelineResources a TaskRun binds (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskRunResources {
    /// Bindings for the Task's inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<TaskResourceBinding>,
    /// Bindings for the Task's outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<TaskResourceBinding>,
}

/// Binds a TaskRun's resource to a PipelineResource (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskResourceBinding {
    /// The Task's resource name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A PipelineResource object by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ref: Option<PipelineResourceRef>,
    /// A PipelineResource written inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_spec: Option<PipelineResourceSpec>,
    /// Paths the resource was copied to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
}

/// Binds a PipelineRun's resource to a PipelineResource (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineResourceBinding {
    /// The Pipeline's resource name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A PipelineResource object by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ref: Option<PipelineResourceRef>,
    /// A PipelineResource written inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_spec: Option<PipelineResourceSpec>,
}

/// Names a PipelineResource object (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineResourceRef {
    /// The PipelineResource's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
}

/// An inline PipelineResource (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineResourceSpec {
    /// What the resource is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The resource type, e.g. `git` or `image`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Type-specific settings, e.g. `url` and `revision`.
    #[serde(default)]
    pub params: Vec<ResourceParam>,
    /// Settings taken from Secrets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<SecretParam>,
}

/// One setting of an inline PipelineResource (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResourceParam {
    /// The setting's name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// A setting of an inline PipelineResource taken from a Secret (removed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SecretParam {
    /// The setting's name.
    pub field_name: String,
    /// The key in the Secret.
    pub secret_key: String,
    /// The Secret's name.
    pub secret_name: String,
}
