//! Steps, the step template and sidecars: the containers of a Task's pod.
//!
//! They are not Kubernetes `Container`s: each has its own subset of container fields plus Tekton
//! fields. The shared container fields are written once in [`container_struct`], the step's
//! Tekton fields once in [`step_struct`]; `v1beta1` reuses both and adds its own names
//! (`resources`) and deprecated fields.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use k8s_openapi::api::core::v1::ResourceRequirements;

use super::{Param, WorkspaceUsage};

/// Defines a container-like struct: the container fields every step, step template and sidecar
/// has, plus the given fields. With `+ pod_container(attributes)`, also the fields only a
/// long-running container needs (ports, probes, lifecycle, terminal), each with the given
/// attributes: sidecars have them, v1beta1 steps keep them as deprecated.
macro_rules! container_struct {
    ($(#[$attr:meta])* $name:ident { $($fields:tt)* } + pod_container($(#[$each:meta])*)) => {
        $crate::v1::step::container_struct! {
            $(#[$attr])*
            $name {
                $($fields)*
                /// Ports exposed by the container (informational, as for a pod).
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                $(#[$each])*
                pub ports: Vec<k8s_openapi::api::core::v1::ContainerPort>,
                /// Periodic probe of container liveness; a failing container is restarted.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub liveness_probe: Option<k8s_openapi::api::core::v1::Probe>,
                /// Periodic probe of container readiness; steps wait for ready sidecars.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub readiness_probe: Option<k8s_openapi::api::core::v1::Probe>,
                /// Probe that must succeed before the other probes start.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub startup_probe: Option<k8s_openapi::api::core::v1::Probe>,
                /// Actions run right after the container starts and before it stops.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub lifecycle: Option<k8s_openapi::api::core::v1::Lifecycle>,
                /// File the container writes its termination message to.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub termination_message_path: Option<String>,
                /// `File` or `FallbackToLogsOnError`: where the termination message comes from.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub termination_message_policy: Option<String>,
                /// Whether the container gets a stdin stream.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub stdin: Option<bool>,
                /// Whether stdin closes after the first attach disconnects.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub stdin_once: Option<bool>,
                /// Whether the container gets a TTY (needs `stdin`).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $(#[$each])*
                pub tty: Option<bool>,
            }
        }
    };
    ($(#[$attr:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$attr])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct $name {
            $($fields)*
            /// The container image to run.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub image: Option<String>,
            /// The executable and its leading arguments, replacing the image's ENTRYPOINT.
            /// Not run in a shell; `$(VAR)` refers to an environment variable.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub command: Vec<String>,
            /// Arguments to the command (or to the image's ENTRYPOINT, or to `script`).
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub args: Vec<String>,
            /// The working directory; the image's default when unset.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub working_dir: Option<String>,
            /// ConfigMaps and Secrets whose keys all become environment variables.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub env_from: Vec<k8s_openapi::api::core::v1::EnvFromSource>,
            /// Environment variables, set literally or from a Secret, ConfigMap or field.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub env: Vec<k8s_openapi::api::core::v1::EnvVar>,
            /// Volumes (from the Task's `volumes`) mounted into the container.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub volume_mounts: Vec<k8s_openapi::api::core::v1::VolumeMount>,
            /// Block devices (from the Task's `volumes`) attached to the container.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub volume_devices: Vec<k8s_openapi::api::core::v1::VolumeDevice>,
            /// `Always`, `Never` or `IfNotPresent`; `Always` for `:latest` images, otherwise
            /// `IfNotPresent`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub image_pull_policy: Option<String>,
            /// Container security settings, overriding the pod's.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub security_context: Option<k8s_openapi::api::core::v1::SecurityContext>,
        }
    };
}
pub(crate) use container_struct;

/// Defines a step: [`container_struct`] with the given fields (each version names its resources
/// field differently) and the Tekton fields a step has in every version (`name`, `displayName`,
/// `script`, `timeout`, `workspaces`, `onError`, output configs, `ref`, `params`, `results`,
/// `when`). A `+ pod_container(...)` after the fields is passed on.
macro_rules! step_struct {
    ($(#[$attr:meta])* $name:ident { $($fields:tt)* } $($pod_container:tt)*) => {
        $crate::v1::step::container_struct! {
            $(#[$attr])*
            $name {
                /// The step's name, unique in the Task; also names its container (`step-<name>`).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub name: Option<String>,
                /// A human-friendly name for the step, shown in UIs.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub display_name: Option<String>,
                $($fields)*
                /// A script run as the container's entrypoint, instead of `command`. Starts with a
                /// `#!` line to choose the interpreter; `sh` otherwise.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub script: Option<String>,
                /// How long the step may run, as a Go duration (`30s`, `1h30m`); no limit when unset.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub timeout: Option<String>,
                /// Task workspaces this step uses; once any step or sidecar lists one, only those that
                /// list it can see it.
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub workspaces: Vec<$crate::v1::WorkspaceUsage>,
                /// `continue` to carry on after this step fails, or `stopAndFail` (the default).
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub on_error: Option<$crate::v1::OnErrorType>,
                /// Copies the step's stdout to a file.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub stdout_config: Option<$crate::v1::StepOutputConfig>,
                /// Copies the step's stderr to a file.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub stderr_config: Option<$crate::v1::StepOutputConfig>,
                /// Runs a StepAction instead of an inline container.
                #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
                pub ref_: Option<$crate::v1::Ref>,
                /// Parameter values passed to the referenced StepAction.
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub params: Vec<$crate::v1::Param>,
                /// Results this inline step writes to `$(step.results.<name>.path)`.
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub results: Vec<$crate::v1::StepResult>,
                /// Guards that must all hold for the step to run; otherwise it is skipped.
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub when: Vec<$crate::v1::WhenExpression>,
            }
            $($pod_container)*
        }
    };
}
pub(crate) use step_struct;

/// What a step (or pipeline task) does when it fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnErrorType {
    /// Record the exit code and carry on with the next step (or task); the run can still
    /// succeed.
    Continue,
    /// Stop and fail the TaskRun (or PipelineRun); the default.
    StopAndFail,
    /// A `$(params...)` reference, resolved to one of the above at run time; Tekton accepts
    /// any string starting with `$(params`.
    ParamReference(String),
}

impl OnErrorType {
    const CONTINUE: &str = "continue";
    const STOP_AND_FAIL: &str = "stopAndFail";
    const PARAM_PREFIX: &str = "$(params";

    /// The value as written in YAML.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Continue => Self::CONTINUE,
            Self::StopAndFail => Self::STOP_AND_FAIL,
            Self::ParamReference(reference) => reference,
        }
    }
}

impl Serialize for OnErrorType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OnErrorType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        match value.as_str() {
            Self::CONTINUE => Ok(Self::Continue),
            Self::STOP_AND_FAIL => Ok(Self::StopAndFail),
            v if v.starts_with(Self::PARAM_PREFIX) => Ok(Self::ParamReference(value)),
            v => Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(v),
                &"`continue`, `stopAndFail` or a `$(params...)` reference",
            )),
        }
    }
}

impl JsonSchema for OnErrorType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OnErrorType".into()
    }

    // Hand-written: a parameter reference is allowed besides the two values, and the three
    // alternatives are disjoint, so `oneOf` reports no ambiguity.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "What to do on failure: `continue`, `stopAndFail` (the default), or a `$(params...)` reference to one of them.",
            "oneOf": [
                {
                    "const": "continue",
                    "description": "Record the failure and carry on; the run can still succeed."
                },
                {
                    "const": "stopAndFail",
                    "description": "Stop and fail the run; the default."
                },
                {
                    "type": "string",
                    "pattern": "^\\$\\(params",
                    "description": "A parameter reference that resolves to `continue` or `stopAndFail` at run time."
                }
            ]
        })
    }
}

/// Where to copy a step's stdout or stderr stream.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StepOutputConfig {
    /// A file in the step's container that receives a copy of the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Points a step at a StepAction, by name or through a resolver.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Ref {
    /// The name of a StepAction in the run's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The resolver that fetches the StepAction from elsewhere, e.g. `git`, `hub`, `bundles`,
    /// `http` or `cluster`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolver: Option<String>,
    /// Parameters of the resolver, e.g. repository URL and path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
}

step_struct! {
    /// One container of a Task, run in order after the previous step succeeds. Set `image`
    /// plus `command`/`args` or `script`, or `ref` to a StepAction.
    Step {
        /// Resources (CPU, memory...) the step's container requests and is limited to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub compute_resources: Option<ResourceRequirements>,
    }
}

container_struct! {
    /// Container settings merged into every step: a step's own fields win, lists such as `env`
    /// are merged.
    StepTemplate {
        /// Default compute resources for each step.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub compute_resources: Option<ResourceRequirements>,
    }
}

container_struct! {
    /// A container that runs next to the steps for the whole TaskRun, e.g. a database or a
    /// Docker daemon; stopped when the steps finish.
    Sidecar {
        /// The sidecar's name, unique in the Task.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Resources (CPU, memory...) the sidecar's container requests and is limited to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub compute_resources: Option<ResourceRequirements>,
        /// A script run as the container's entrypoint, instead of `command`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub script: Option<String>,
        /// Task workspaces this sidecar uses.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub workspaces: Vec<WorkspaceUsage>,
        /// `Always` runs the sidecar as a native Kubernetes sidecar (a restartable init
        /// container).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub restart_policy: Option<String>,
    }
    + pod_container()
}
