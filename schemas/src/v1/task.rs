//! Task: a reusable sequence of steps run in one pod.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defines a struct with the fields of a Task spec plus the given ones. Used for `TaskSpec` and
/// for the embedded task of a pipeline task, in every version; the step, sidecar and other
/// field types are those of the module that expands it.
macro_rules! task_spec {
    ($(#[$attr:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$attr])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct $name {
            $($fields)*
            /// Parameters the Task accepts, referenced as `$(params.<name>)`.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub params: Vec<ParamSpec>,
            /// A human-friendly name for the Task, shown in UIs.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub display_name: Option<String>,
            /// What the Task does; shown to users.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            /// The containers to run, one after the other, in the Task's pod.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub steps: Vec<Step>,
            /// Pod volumes the steps and sidecars can mount with `volumeMounts`.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub volumes: Vec<k8s_openapi::api::core::v1::Volume>,
            /// Container settings every step inherits.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub step_template: Option<StepTemplate>,
            /// Containers that run alongside the steps for the whole TaskRun.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub sidecars: Vec<Sidecar>,
            /// Volumes the Task needs from its run, mounted at `$(workspaces.<name>.path)`.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub workspaces: Vec<WorkspaceDeclaration>,
            /// Values the Task produces for later tasks and the run's status.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub results: Vec<TaskResult>,
        }
    };
}
pub(crate) use task_spec;

use super::{ParamSpec, Sidecar, Step, StepTemplate, TaskResult, WorkspaceDeclaration};

task_spec! {
    /// What a Task declares: its parameters, steps, sidecars, workspaces and results.
    TaskSpec {}
}

/// Labels and annotations added to the TaskRun (and its pod) created for a pipeline task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineTaskMetadata {
    /// Labels to add.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Annotations to add.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

crate::kind::tekton_kind! {
    /// A Task (`tekton.dev/v1`): steps that run in order in one pod, with declared parameters,
    /// workspaces and results. Run it with a TaskRun or from a Pipeline.
    Task {
        version: "v1",
        plural: "tasks",
        spec: TaskSpec,
    }
}
