//! v1beta1 TaskRun: `stepOverrides`/`sidecarOverrides` instead of v1's `stepSpecs`/
//! `sidecarSpecs`, and the removed `resources`. Status is not modelled; read runs through v1.

use k8s_openapi::api::core::v1::ResourceRequirements;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::resource::{REMOVED, TaskRunResources};
use super::{Param, TaskRef, TaskRunDebug, TaskRunSpecStatus, TaskSpec, WorkspaceBinding};
use crate::pod::PodTemplate;

/// Overrides the resources of one step or sidecar of the Task, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskRunStepOverride {
    /// The name of the step or sidecar.
    pub name: String,
    /// The resources to use instead of the Task's.
    pub resources: ResourceRequirements,
}

/// What a TaskRun runs and with which inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskRunSpec {
    /// Pauses the run for debugging (alpha).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<TaskRunDebug>,
    /// Values for the Task's parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// Removed PipelineResources; rejected by Tekton.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true, "deprecationMessage" = REMOVED))]
    pub resources: Option<TaskRunResources>,
    /// The service account the pod runs as; `default` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// The Task to run, by name or through a resolver. Exclusive with `taskSpec`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_ref: Option<TaskRef>,
    /// The Task to run, written inline. Exclusive with `taskRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_spec: Option<TaskSpec>,
    /// Set to `TaskRunCancelled` to cancel the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskRunSpecStatus>,
    /// Why the run was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// How many times to retry the run after it fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<i32>,
    /// How long the run may take, as a Go duration (`1h`, `30m`); 60 minutes by default, `0`
    /// means no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// Pod-level settings for the run's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<PodTemplate>,
    /// Volumes bound to the Task's workspaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workspaces: Vec<WorkspaceBinding>,
    /// Resources for individual steps, by step name (`stepSpecs` in v1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_overrides: Vec<TaskRunStepOverride>,
    /// Resources for individual sidecars, by sidecar name (`sidecarSpecs` in v1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sidecar_overrides: Vec<TaskRunStepOverride>,
    /// Compute resources for the whole Task, shared by its steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_resources: Option<ResourceRequirements>,
    /// The controller that reconciles this run; Tekton's own when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
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
