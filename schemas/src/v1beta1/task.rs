//! v1beta1 Task: as in v1, plus the removed PipelineResources field.

use super::resource::{REMOVED, TaskResources};
use super::{ParamSpec, Sidecar, Step, StepTemplate, TaskResult, WorkspaceDeclaration};
use crate::v1::task::task_spec;

task_spec! {
    /// What a Task declares: its parameters, steps, sidecars, workspaces and results.
    TaskSpec {
        /// Removed PipelineResources; rejected by Tekton.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(extend("deprecated" = true, "deprecationMessage" = REMOVED))]
        pub resources: Option<TaskResources>,
    }
}

crate::kind::tekton_kind! {
    /// A Task (`tekton.dev/v1beta1`): steps that run in order in one pod, with declared
    /// parameters, workspaces and results. Run it with a TaskRun or from a Pipeline.
    Task {
        version: "v1beta1",
        plural: "tasks",
        spec: TaskSpec,
    }
}
