//! v1beta1 PipelineRun: top-level `serviceAccountName`/`podTemplate`, the deprecated
//! `timeout`, v1beta1 names in `taskRunSpecs`, and the removed `resources`. Status is not
//! modelled; read runs through v1.

use k8s_openapi::api::core::v1::ResourceRequirements;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::resource::{PipelineResourceBinding, REMOVED};
use super::{PipelineRef, PipelineSpec, PipelineTaskMetadata, TaskRunStepOverride};
use crate::pod::PodTemplate;
use crate::v1::pipelinerun::pipeline_run_spec;

/// Settings for the TaskRun of one pipeline task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineTaskRunSpec {
    /// The name of the pipeline task these settings apply to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_task_name: Option<String>,
    /// The service account the task's pod runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_service_account_name: Option<String>,
    /// Pod-level settings for the task's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_pod_template: Option<PodTemplate>,
    /// Resources for individual steps, by step name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_overrides: Vec<TaskRunStepOverride>,
    /// Resources for individual sidecars, by sidecar name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sidecar_overrides: Vec<TaskRunStepOverride>,
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

pipeline_run_spec! {
    /// What a PipelineRun runs and with which inputs.
    PipelineRunSpec {
        /// Removed PipelineResources; rejected by Tekton.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[schemars(extend("deprecated" = true, "deprecationMessage" = REMOVED))]
        pub resources: Vec<PipelineResourceBinding>,
        /// The service account every TaskRun's pod runs as.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub service_account_name: Option<String>,
        /// Deprecated: the whole run's time limit, as a Go duration; use `timeouts.pipeline`.
        /// Cannot be combined with `timeouts`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(extend("deprecated" = true))]
        pub timeout: Option<String>,
        /// Pod-level settings for every TaskRun's pod.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub pod_template: Option<PodTemplate>,
    }
}

crate::kind::tekton_kind! {
    /// A PipelineRun (`tekton.dev/v1beta1`): runs a Pipeline once, creating a TaskRun per
    /// pipeline task.
    PipelineRun {
        version: "v1beta1",
        plural: "pipelineruns",
        spec: PipelineRunSpec,
        status: serde_json::Map<String, serde_json::Value>,
    }
}
