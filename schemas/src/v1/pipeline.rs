//! Pipeline: a graph of tasks with shared parameters, workspaces and results.

/// Defines `EmbeddedTask`: a Task spec written inline in a pipeline task, or the spec of a
/// custom task, plus the given fields.
macro_rules! embedded_task {
    ($($fields:tt)*) => {
        $crate::v1::task::task_spec! {
            /// A Task spec written inline in a pipeline task. For a custom task, `apiVersion`,
            /// `kind` and `spec` describe it instead.
            EmbeddedTask {
                /// The API version of a custom task written inline.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub api_version: Option<String>,
                /// The kind of a custom task written inline.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub kind: Option<String>,
                /// The spec of a custom task written inline; its shape is up to the custom task.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub spec: Option<serde_json::Map<String, serde_json::Value>>,
                /// Labels and annotations for the TaskRun created from this task.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub metadata: Option<PipelineTaskMetadata>,
                $($fields)*
            }
        }
    };
}
pub(crate) use embedded_task;

/// Defines `PipelineSpec` with the fields every version has, plus the given ones.
macro_rules! pipeline_spec {
    ($($fields:tt)*) => {
        /// What a Pipeline declares: its tasks, `finally` tasks, parameters, workspaces and
        /// results.
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct PipelineSpec {
            /// A human-friendly name for the Pipeline, shown in UIs.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub display_name: Option<String>,
            /// What the Pipeline does; shown to users.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            $($fields)*
            /// The tasks to run. They run in parallel unless ordered by `runAfter` or by using
            /// another task's results.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub tasks: Vec<PipelineTask>,
            /// Parameters the Pipeline accepts, referenced as `$(params.<name>)`.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub params: Vec<ParamSpec>,
            /// Volumes the Pipeline needs from its PipelineRun and passes to its tasks.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub workspaces: Vec<PipelineWorkspaceDeclaration>,
            /// Values the Pipeline produces, built from its tasks' results.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub results: Vec<PipelineResult>,
            /// Tasks that run after all `tasks` have finished or one has failed, e.g. for
            /// cleanup or notification.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub finally: Vec<PipelineTask>,
        }
    };
}
pub(crate) use pipeline_spec;

/// Defines `PipelineTask` with the fields every version has, plus the given ones.
macro_rules! pipeline_task {
    ($($fields:tt)*) => {
        /// One node of the Pipeline: a Task (by reference or inline), a custom task, or a
        /// nested Pipeline, with its inputs and ordering.
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct PipelineTask {
            /// The task's name in this Pipeline, used by `runAfter` and `$(tasks.<name>...)`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// A human-friendly name for the task, shown in UIs.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub display_name: Option<String>,
            /// What the task does in this Pipeline; shown to users.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            /// The Task to run, by name or through a resolver. Exclusive with `taskSpec`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub task_ref: Option<TaskRef>,
            /// The Task to run, written inline. Exclusive with `taskRef`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub task_spec: Option<EmbeddedTask>,
            /// Guards that must all hold for the task to run; otherwise it is skipped.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub when: Vec<WhenExpression>,
            /// How many times to retry the task after it fails.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub retries: Option<i32>,
            /// Names of tasks that must finish before this one starts.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub run_after: Vec<String>,
            $($fields)*
            /// Values for the Task's parameters.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub params: Vec<Param>,
            /// Runs the task once per combination of parameter values.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub matrix: Option<Matrix>,
            /// Pipeline workspaces passed to the Task's workspaces.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub workspaces: Vec<WorkspacePipelineTaskBinding>,
            /// How long the task's TaskRun may take, as a Go duration (`1h`, `30m`); `0` means
            /// no limit.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub timeout: Option<String>,
            /// A nested Pipeline to run, by reference (alpha: needs `enable-api-fields: alpha`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub pipeline_ref: Option<PipelineRef>,
            /// A nested Pipeline to run, written inline (alpha: needs
            /// `enable-api-fields: alpha`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub pipeline_spec: Option<Box<PipelineSpec>>,
            /// `continue` to let the Pipeline go on when this task fails, or `stopAndFail`
            /// (the default).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub on_error: Option<OnErrorType>,
        }
    };
}
pub(crate) use pipeline_task;

use super::{
    Matrix, OnErrorType, Param, ParamSpec, PipelineRef, PipelineResult, PipelineTaskMetadata,
    PipelineWorkspaceDeclaration, Sidecar, Step, StepTemplate, TaskRef, TaskResult, WhenExpression,
    WorkspaceDeclaration, WorkspacePipelineTaskBinding,
};

embedded_task! {}
pipeline_spec! {}
pipeline_task! {}

crate::kind::tekton_kind! {
    /// A Pipeline (`tekton.dev/v1`): tasks arranged in a graph by `runAfter` and result
    /// references, plus `finally` tasks. Run it with a PipelineRun.
    Pipeline {
        version: "v1",
        plural: "pipelines",
        spec: PipelineSpec,
    }
}
