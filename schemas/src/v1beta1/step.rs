//! v1beta1 steps, step template and sidecars: `resources` instead of `computeResources`, and
//! steps still accept the container fields that v1 dropped.

use k8s_openapi::api::core::v1::ResourceRequirements;

use super::WorkspaceUsage;
use crate::v1::step::{container_struct, step_struct};

/// Shown by editors on the pod-container fields of v1beta1 steps and step templates.
const STEP_CONTAINER_FIELD: &str =
    "Deprecated on steps: Tekton ignores it, and v1 steps no longer have it.";

step_struct! {
    /// One container of a Task, run in order after the previous step succeeds. Set `image`
    /// plus `command`/`args` or `script`, or `ref` to a StepAction. The pod-container fields
    /// (ports, probes, lifecycle, stdin, tty...) are deprecated here and gone in v1.
    Step {
        /// Resources (CPU, memory...) the step's container requests and is limited to
        /// (`computeResources` in v1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resources: Option<ResourceRequirements>,
    }
    + pod_container(
        #[schemars(extend("deprecated" = true, "deprecationMessage" = STEP_CONTAINER_FIELD))]
    )
}

container_struct! {
    /// Container settings merged into every step: a step's own fields win, lists such as `env`
    /// are merged.
    StepTemplate {
        /// Deprecated and ignored: a template has no name of its own.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Default resources for each step (`computeResources` in v1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resources: Option<ResourceRequirements>,
    }
    + pod_container(
        #[schemars(extend("deprecated" = true, "deprecationMessage" = STEP_CONTAINER_FIELD))]
    )
}

container_struct! {
    /// A container that runs next to the steps for the whole TaskRun, e.g. a database or a
    /// Docker daemon; stopped when the steps finish.
    Sidecar {
        /// The sidecar's name, unique in the Task.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Resources (CPU, memory...) the sidecar's container requests and is limited to
        /// (`computeResources` in v1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resources: Option<ResourceRequirements>,
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
