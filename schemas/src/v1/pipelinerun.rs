//! PipelineRun: one execution of a Pipeline, and its status.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    PipelineRef, PipelineSpec, PipelineTaskMetadata, RunResult, TaskRunStepSpec, WhenExpression,
};
use crate::pod::PodTemplate;
use crate::status::Status;

/// A status a user sets on a PipelineRun to act on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PipelineRunSpecStatus {
    /// Cancel now: running tasks are cancelled and `finally` tasks do not run.
    Cancelled,
    /// Cancel running tasks, then run the `finally` tasks.
    CancelledRunFinally,
    /// Start no new tasks, let running ones finish, then run the `finally` tasks.
    StoppedRunFinally,
    /// Do not start the run until this is removed.
    PipelineRunPending,
}

/// Time limits for the parts of a PipelineRun, as Go durations (`1h`, `30m`); `0` means no
/// limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TimeoutFields {
    /// The whole run, `finally` tasks included; 60 minutes by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    /// The `tasks` part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<String>,
    /// The `finally` part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finally: Option<String>,
}

/// Settings applied to every TaskRun the PipelineRun creates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineTaskRunTemplate {
    /// Pod-level settings for every TaskRun's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<PodTemplate>,
    /// The service account every TaskRun's pod runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
}

/// Settings for the TaskRun of one pipeline task, overriding `taskRunTemplate`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineTaskRunSpec {
    /// The name of the pipeline task these settings apply to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_task_name: Option<String>,
    /// The service account the task's pod runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Pod-level settings for the task's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_template: Option<PodTemplate>,
    /// Compute resources for individual steps, by step name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_specs: Vec<TaskRunStepSpec>,
    /// Compute resources for individual sidecars, by sidecar name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sidecar_specs: Vec<TaskRunStepSpec>,
    /// Labels and annotations for the task's TaskRun.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<PipelineTaskMetadata>,
    /// Compute resources for the whole task, shared by its steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_resources: Option<ResourceRequirements>,
    /// How long the task's TaskRun may take, as a Go duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
}

/// Defines a PipelineRun spec: the given fields (v1's `taskRunTemplate`, v1beta1's top-level
/// service account, pod template, `timeout` and removed `resources`) and the fields it has in
/// every version. `PipelineRef`, `PipelineSpec` and `PipelineTaskRunSpec` are those of the
/// module that invokes it (macro_rules resolves item names where it is invoked).
macro_rules! pipeline_run_spec {
    ($(#[$attr:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$attr])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct $name {
            $($fields)*
            /// The Pipeline to run, by name or through a resolver. Exclusive with `pipelineSpec`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub pipeline_ref: Option<PipelineRef>,
            /// The Pipeline to run, written inline. Exclusive with `pipelineRef`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub pipeline_spec: Option<PipelineSpec>,
            /// Values for the Pipeline's parameters.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub params: Vec<$crate::v1::Param>,
            /// Set to cancel, stop or hold the run.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub status: Option<$crate::v1::PipelineRunSpecStatus>,
            /// Time limits for the run, its tasks and its `finally` tasks.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub timeouts: Option<$crate::v1::TimeoutFields>,
            /// Volumes bound to the Pipeline's workspaces.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub workspaces: Vec<$crate::v1::WorkspaceBinding>,
            /// Settings for the TaskRuns of individual pipeline tasks.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub task_run_specs: Vec<PipelineTaskRunSpec>,
            /// The controller that reconciles this run; Tekton's own when unset.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub managed_by: Option<String>,
        }
    };
}
pub(crate) use pipeline_run_spec;

pipeline_run_spec! {
    /// What a PipelineRun runs and with which inputs.
    PipelineRunSpec {
        /// Service account and pod template for every TaskRun.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub task_run_template: Option<PipelineTaskRunTemplate>,
    }
}

/// A TaskRun or CustomRun created by the PipelineRun.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChildStatusReference {
    /// The child's API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The child's kind: `TaskRun` or `CustomRun`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The child's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The pipeline task's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The pipeline task the child runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_task_name: Option<String>,
    /// The task's when expressions, as evaluated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when_expressions: Vec<WhenExpression>,
}

/// A pipeline task that did not run, and why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SkippedTask {
    /// The pipeline task's name.
    pub name: String,
    /// Why it was skipped, e.g. `When Expressions evaluated to false`.
    #[serde(default)]
    pub reason: String,
    /// The task's when expressions, as evaluated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when_expressions: Vec<WhenExpression>,
}

/// The observed state of a PipelineRun, written by the controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PipelineRunStatus {
    /// Conditions (`Succeeded`) and the observed generation.
    #[serde(flatten)]
    pub status: Status,
    /// When the run started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    /// When the run finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Time>,
    /// The Pipeline's results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<RunResult>,
    /// The Pipeline spec that ran, after resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_spec: Option<PipelineSpec>,
    /// Pipeline tasks that were skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_tasks: Vec<SkippedTask>,
    /// The TaskRuns and CustomRuns created so far.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub child_references: Vec<ChildStatusReference>,
    /// When the `finally` tasks started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finally_start_time: Option<Time>,
    /// Tracing context of the run.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub span_context: BTreeMap<String, String>,
}

crate::kind::tekton_kind! {
    /// A PipelineRun (`tekton.dev/v1`): runs a Pipeline once, creating a TaskRun per
    /// pipeline task.
    PipelineRun {
        version: "v1",
        plural: "pipelineruns",
        spec: PipelineRunSpec,
        status: PipelineRunStatus,
    }
}
