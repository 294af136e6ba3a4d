//! v1beta1 TaskRun: `stepOverrides`/`sidecarOverrides` instead of v1's `stepSpecs`/
//! `sidecarSpecs`, and the removed `resources`. Status is not modelled; read runs through v1.

use k8s_openapi::api::core::v1::ResourceRequirements;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::resource::{REMOVED, TaskRunResources};
use super::{TaskRef, TaskSpec};
use crate::v1::taskrun::task_run_spec;

/// Overrides the resources of one step or sidecar of the Task, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskRunStepOverride {
    /// The name of the step or sidecar.
    pub name: String,
    /// The resources to use instead of the Task's.
    pub resources: ResourceRequirements,
}

task_run_spec! {
    /// What a TaskRun runs and with which inputs.
    TaskRunSpec {
        /// Removed PipelineResources; rejected by Tekton.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(extend("deprecated" = true, "deprecationMessage" = REMOVED))]
        pub resources: Option<TaskRunResources>,
        /// Resources for individual steps, by step name (`stepSpecs` in v1).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub step_overrides: Vec<TaskRunStepOverride>,
        /// Resources for individual sidecars, by sidecar name (`sidecarSpecs` in v1).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub sidecar_overrides: Vec<TaskRunStepOverride>,
    }
}

crate::kind::tekton_kind! {
    /// A TaskRun (`tekton.dev/v1beta1`): runs a Task once, in a pod, with parameter values
    /// and workspace volumes.
    TaskRun {
        version: "v1beta1",
        plural: "taskruns",
        spec: TaskRunSpec,
        status: serde_json::Map<String, serde_json::Value>,
    }
}
