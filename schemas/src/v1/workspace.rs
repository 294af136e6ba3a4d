//! Workspaces: volumes that Tasks and Pipelines declare and runs bind.

use k8s_openapi::api::core::v1::{
    CSIVolumeSource, ConfigMapVolumeSource, EmptyDirVolumeSource, PersistentVolumeClaim,
    PersistentVolumeClaimVolumeSource, ProjectedVolumeSource, SecretVolumeSource,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares a workspace, a volume that a Task needs and a run provides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkspaceDeclaration {
    /// The name that runs bind a volume to and `$(workspaces.<name>.path)` refers to.
    pub name: String,
    /// What the workspace is for; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the volume is mounted in the steps; `/workspace/<name>` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
    /// Whether the volume is mounted read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// Whether a run may leave this workspace unbound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// Binds a declared workspace to a volume in a TaskRun or PipelineRun. Exactly one volume source
/// should be set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkspaceBinding {
    /// The name of the declared workspace this binding provides.
    pub name: String,
    /// A directory inside the volume to use instead of its root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    /// A PersistentVolumeClaim created for each run and used as the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_claim_template: Option<PersistentVolumeClaim>,
    /// An existing PersistentVolumeClaim in the run's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim: Option<PersistentVolumeClaimVolumeSource>,
    /// An empty directory that lives as long as the TaskRun's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_dir: Option<EmptyDirVolumeSource>,
    /// A ConfigMap whose keys appear as files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map: Option<ConfigMapVolumeSource>,
    /// A Secret whose keys appear as files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretVolumeSource>,
    /// Several sources (Secrets, ConfigMaps, service account tokens...) projected into one
    /// directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projected: Option<ProjectedVolumeSource>,
    /// An ephemeral volume provided by a CSI driver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csi: Option<CSIVolumeSource>,
}

/// Declares a workspace that a Pipeline needs and a PipelineRun provides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PipelineWorkspaceDeclaration {
    /// The name that the PipelineRun binds and pipeline tasks refer to.
    pub name: String,
    /// What the workspace is for and which tasks use it; shown to users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether a PipelineRun may leave this workspace unbound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// Passes one of the Pipeline's workspaces to a workspace the task declares.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkspacePipelineTaskBinding {
    /// The workspace name as the task declares it.
    pub name: String,
    /// The Pipeline workspace to pass; defaults to the same name as `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
    /// A directory inside the Pipeline workspace to pass instead of its root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
}

/// Gives a step or sidecar access to a Task workspace, optionally at its own path. Once any
/// step or sidecar lists a workspace, only those that list it get it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkspaceUsage {
    /// The name of the Task workspace.
    pub name: String,
    /// Where to mount it in this container, overriding the Task's `mountPath`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
}
