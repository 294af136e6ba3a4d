//! TaskRun: one execution of a Task, and its status.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ContainerState, ResourceRequirements};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{RunResult, TaskRef, TaskSpec};
use crate::status::Status;

/// A status a user sets on a TaskRun to act on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum TaskRunSpecStatus {
    /// Cancel the TaskRun: its pod is deleted and it is marked failed.
    TaskRunCancelled,
}

/// Pauses a TaskRun at chosen points so it can be inspected (alpha).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskRunDebug {
    /// Where to pause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakpoints: Option<TaskBreakpoints>,
}

/// The points at which a debugged TaskRun pauses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskBreakpoints {
    /// `enabled` to pause when a step fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<String>,
    /// Names of steps to pause before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before_steps: Vec<String>,
}

/// Overrides the compute resources of one step or sidecar of the Task, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskRunStepSpec {
    /// The name of the step or sidecar.
    pub name: String,
    /// The resources to use instead of the Task's.
    pub compute_resources: ResourceRequirements,
}

/// Defines a TaskRun spec: the given fields (v1's `stepSpecs`/`sidecarSpecs`, v1beta1's
/// overrides and removed `resources`) and the fields it has in every version. `TaskRef` and
/// `TaskSpec` are those of the module that invokes it (macro_rules resolves item names where
/// it is invoked), so each version's spec refers to its own Task types.
macro_rules! task_run_spec {
    ($(#[$attr:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$attr])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct $name {
            /// Pauses the run for debugging (alpha).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub debug: Option<$crate::v1::TaskRunDebug>,
            /// Values for the Task's parameters.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub params: Vec<$crate::v1::Param>,
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
            pub status: Option<$crate::v1::TaskRunSpecStatus>,
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
            pub pod_template: Option<$crate::pod::PodTemplate>,
            /// Volumes bound to the Task's workspaces.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub workspaces: Vec<$crate::v1::WorkspaceBinding>,
            $($fields)*
            /// Compute resources for the whole Task, shared by its steps.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub compute_resources: Option<k8s_openapi::api::core::v1::ResourceRequirements>,
            /// The controller that reconciles this run; Tekton's own when unset.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub managed_by: Option<String>,
        }
    };
}
pub(crate) use task_run_spec;

task_run_spec! {
    /// What a TaskRun runs and with which inputs.
    TaskRunSpec {
    /// Compute resources for individual steps, by step name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_specs: Vec<TaskRunStepSpec>,
    /// Compute resources for individual sidecars, by sidecar name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sidecar_specs: Vec<TaskRunStepSpec>,
    }
}

/// The state of one step's container.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StepState {
    /// Waiting, running or terminated (with exit code and times).
    #[serde(flatten)]
    pub state: ContainerState,
    /// The step's name in the Task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The container's name in the pod (`step-<name>`), for fetching its logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The image digest that ran.
    #[serde(rename = "imageID", default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Results written by the step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<RunResult>,
    /// Why the step ended, e.g. `Completed`, `Error`, `TimeoutExceeded` or `Skipped`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_reason: Option<String>,
}

/// The state of one sidecar's container.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SidecarState {
    /// Waiting, running or terminated.
    #[serde(flatten)]
    pub state: ContainerState,
    /// The sidecar's name in the Task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The container's name in the pod (`sidecar-<name>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The image digest that ran.
    #[serde(rename = "imageID", default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

/// The observed state of a TaskRun, written by the controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskRunStatus {
    /// Conditions (`Succeeded`) and the observed generation.
    #[serde(flatten)]
    pub status: Status,
    /// The pod running the Task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_name: Option<String>,
    /// When the run started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    /// When the run finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Time>,
    /// The state of each step, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepState>,
    /// The status of each earlier, failed attempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retries_status: Vec<TaskRunStatus>,
    /// The Task's results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<RunResult>,
    /// The state of each sidecar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sidecars: Vec<SidecarState>,
    /// The Task spec that ran, after resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_spec: Option<TaskSpec>,
    /// Tracing context of the run.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub span_context: BTreeMap<String, String>,
}

crate::kind::tekton_kind! {
    /// A TaskRun (`tekton.dev/v1`): runs a Task once, in a pod, with parameter values and
    /// workspace volumes.
    TaskRun {
        version: "v1",
        plural: "taskruns",
        spec: TaskRunSpec,
        status: TaskRunStatus,
    }
}
