//! `tekton.dev/v1beta1`: Task, Pipeline, TaskRun and PipelineRun as still served (converted to
//! v1 for storage), and StepAction, whose storage version this is.
//!
//! Types identical in v1 are re-exported from [`crate::v1`]; the rest keep v1beta1's field
//! names. Run status is kept as plain JSON: the plugin reads runs through v1.

pub(crate) mod pipeline;
pub(crate) mod pipelinerun;
pub(crate) mod reference;
pub(crate) mod resource;
pub(crate) mod step;
pub(crate) mod stepaction;
pub(crate) mod task;
pub(crate) mod taskrun;

pub use crate::v1::{
    IncludeParams, Matrix, OnErrorType, Operator, Param, ParamSpec, ParamType, ParamValue,
    PipelineResult, PipelineRunSpecStatus, PipelineTaskMetadata, PipelineWorkspaceDeclaration,
    PropertySpec, Ref, StepOutputConfig, StepResult, TaskBreakpoints, TaskResult, TaskRunDebug,
    TaskRunSpecStatus, TimeoutFields, WhenExpression, WorkspaceBinding, WorkspaceDeclaration,
    WorkspacePipelineTaskBinding, WorkspaceUsage,
};
pub use pipeline::{EmbeddedTask, Pipeline, PipelineSpec, PipelineTask};
pub use pipelinerun::{PipelineRun, PipelineRunSpec, PipelineTaskRunSpec};
pub use reference::{PipelineRef, TaskRef};
pub use resource::{
    PipelineDeclaredResource, PipelineResourceBinding, PipelineResourceRef, PipelineResourceSpec,
    PipelineTaskInputResource, PipelineTaskOutputResource, ResourceParam, SecretParam,
    TaskResource, TaskResourceBinding, TaskResources, TaskRunResources,
};
pub use step::{Sidecar, Step, StepTemplate};
pub use stepaction::{StepAction, StepActionSpec};
pub use task::{Task, TaskSpec};
pub use taskrun::{TaskRun, TaskRunSpec, TaskRunStepOverride};
