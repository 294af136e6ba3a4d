//! `tekton.dev/v1`, the storage version of Task, Pipeline, TaskRun and PipelineRun.
//!
//! The types shared with `v1beta1` (parameters, results, workspaces, when expressions, matrix)
//! live here and `v1beta1` re-exports them.

pub(crate) mod matrix;
pub(crate) mod param;
pub(crate) mod pipeline;
pub(crate) mod pipelinerun;
pub(crate) mod reference;
pub(crate) mod result;
pub(crate) mod step;
pub(crate) mod task;
pub(crate) mod taskrun;
pub(crate) mod when;
pub(crate) mod workspace;

pub use matrix::{IncludeParams, Matrix};
pub use param::{Param, ParamSpec, ParamType, ParamValue, PropertySpec};
pub use pipeline::{EmbeddedTask, Pipeline, PipelineSpec, PipelineTask};
pub use pipelinerun::{
    ChildStatusReference, PipelineRun, PipelineRunSpec, PipelineRunSpecStatus, PipelineRunStatus,
    PipelineTaskRunSpec, PipelineTaskRunTemplate, SkippedTask, TimeoutFields,
};
pub use reference::{PipelineRef, TaskRef};
pub use result::{PipelineResult, RunResult, StepResult, TaskResult};
pub use step::{OnErrorType, Ref, Sidecar, Step, StepOutputConfig, StepTemplate};
pub use task::{PipelineTaskMetadata, Task, TaskSpec};
pub use taskrun::{
    SidecarState, StepState, TaskBreakpoints, TaskRun, TaskRunDebug, TaskRunSpec,
    TaskRunSpecStatus, TaskRunStatus, TaskRunStepSpec,
};
pub use when::{Operator, WhenExpression};
pub use workspace::{
    PipelineWorkspaceDeclaration, WorkspaceBinding, WorkspaceDeclaration,
    WorkspacePipelineTaskBinding, WorkspaceUsage,
};
