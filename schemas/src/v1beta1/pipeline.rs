//! v1beta1 Pipeline: as in v1, plus the removed PipelineResources fields.

use super::resource::{PipelineDeclaredResource, PipelineTaskResources, REMOVED, TaskResources};
use super::{
    Matrix, OnErrorType, Param, ParamSpec, PipelineRef, PipelineResult, PipelineTaskMetadata,
    PipelineWorkspaceDeclaration, Sidecar, Step, StepTemplate, TaskRef, TaskResult, WhenExpression,
    WorkspaceDeclaration, WorkspacePipelineTaskBinding,
};
use crate::v1::pipeline::{embedded_task, pipeline_spec, pipeline_task};

embedded_task! {
    /// Removed PipelineResources; rejected by Tekton.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true, "deprecationMessage" = REMOVED))]
    pub resources: Option<TaskResources>,
}

pipeline_spec! {
    /// Removed PipelineResources; rejected by Tekton.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("deprecated" = true, "deprecationMessage" = REMOVED))]
    pub resources: Vec<PipelineDeclaredResource>,
}

pipeline_task! {
    /// Removed PipelineResources; rejected by Tekton.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true, "deprecationMessage" = REMOVED))]
    pub resources: Option<PipelineTaskResources>,
}

crate::kind::tekton_kind! {
    /// A Pipeline (`tekton.dev/v1beta1`): tasks arranged in a graph by `runAfter` and result
    /// references, plus `finally` tasks. Run it with a PipelineRun.
    Pipeline {
        version: "v1beta1",
        plural: "pipelines",
        spec: PipelineSpec,
    }
}
