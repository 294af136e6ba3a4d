//! StepAction: a reusable step, referenced from a Task's step with `ref`.

use k8s_openapi::api::core::v1::{EnvVar, SecurityContext, VolumeMount};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ParamSpec, StepResult};

/// What a StepAction runs: one container with its parameters and results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StepActionSpec {
    /// What the StepAction does; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The container image to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The executable and its leading arguments, replacing the image's ENTRYPOINT.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// Arguments to the command (or to the image's ENTRYPOINT, or to `script`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// Environment variables, set literally or from a Secret, ConfigMap or field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// A script run as the container's entrypoint, instead of `command`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// The working directory; the image's default when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    /// Parameters the StepAction accepts, referenced as `$(params.<name>)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<ParamSpec>,
    /// Results the StepAction writes to `$(step.results.<name>.path)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<StepResult>,
    /// Container security settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<SecurityContext>,
    /// Volumes mounted into the container; the names must be volumes of the Task that uses
    /// the StepAction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_mounts: Vec<VolumeMount>,
}

crate::kind::tekton_kind! {
    /// A StepAction (`tekton.dev/v1beta1`, its storage version): a reusable step that Task
    /// steps run with `ref`.
    StepAction {
        version: "v1beta1",
        plural: "stepactions",
        spec: StepActionSpec,
    }
}
