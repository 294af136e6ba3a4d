//! What the log engine reads of runs on the cluster: the few fields it needs of
//! PipelineRuns, TaskRuns and CustomRuns, read leniently.
//!
//! `tekton-model`'s types are strict (unknown fields are errors, as the linter needs), so
//! a cluster running a newer Tekton with one more field would break a log follow; these
//! views ignore what they do not use, and read `tekton.dev/v1` and `v1beta1` alike (the
//! fields below have the same names in both).

use std::borrow::Cow;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::core::ApiResource;
use serde::Deserialize;

/// Reads a run as the plugin's lookups return it.
pub fn from_dynamic<T: serde::de::DeserializeOwned>(
    object: &kube::api::DynamicObject,
) -> Result<T, crate::error::Error> {
    serde_json::to_value(object)
        .and_then(serde_json::from_value)
        .map_err(|e| {
            crate::error::Error::Failed(format!(
                "cannot read {} `{}`: {e}",
                object.types.as_ref().map_or("the run", |t| t.kind.as_str()),
                object.metadata.name.as_deref().unwrap_or_default()
            ))
        })
}

/// Labels Tekton puts on TaskRuns, CustomRuns, child PipelineRuns and pods.
pub mod label {
    pub const PIPELINE_RUN: &str = "tekton.dev/pipelineRun";
    pub const PIPELINE_TASK: &str = "tekton.dev/pipelineTask";
    pub const TASK: &str = "tekton.dev/task";
    pub const PIPELINE: &str = "tekton.dev/pipeline";
}

macro_rules! run_resource {
    ($view:ident) => {
        impl kube::Resource for $view {
            /// The API version the cluster serves (`v1` or `v1beta1`).
            type DynamicType = ApiResource;
            type Scope = kube::core::DynamicResourceScope;

            fn kind(dt: &ApiResource) -> Cow<'_, str> {
                Cow::Borrowed(&dt.kind)
            }
            fn group(dt: &ApiResource) -> Cow<'_, str> {
                Cow::Borrowed(&dt.group)
            }
            fn version(dt: &ApiResource) -> Cow<'_, str> {
                Cow::Borrowed(&dt.version)
            }
            fn api_version(dt: &ApiResource) -> Cow<'_, str> {
                Cow::Borrowed(&dt.api_version)
            }
            fn plural(dt: &ApiResource) -> Cow<'_, str> {
                Cow::Borrowed(&dt.plural)
            }
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
        }

        impl $view {
            pub fn name(&self) -> &str {
                self.metadata.name.as_deref().unwrap_or_default()
            }

            pub fn label(&self, key: &str) -> Option<&str> {
                self.metadata.labels.as_ref()?.get(key).map(String::as_str)
            }
        }
    };
}

/// The `Succeeded` condition of a run.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(rename = "type", default)]
    pub type_: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub message: String,
}

impl Condition {
    /// `Reason: message`, or whichever of the two is given (once when they are the same).
    pub fn explain(&self) -> String {
        let message = self.message.trim();
        match (self.reason.is_empty(), message.is_empty()) {
            (false, false) if message != self.reason => format!("{}: {message}", self.reason),
            (false, _) => self.reason.clone(),
            (true, false) => message.to_owned(),
            (true, true) => "no reason given".to_owned(),
        }
    }
}

/// How a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Running,
    Succeeded,
    Failed,
    /// Cancelled or timed out: exit status 2.
    Stopped,
}

fn state(conditions: &[Condition]) -> (State, Option<&Condition>) {
    let Some(c) = conditions.iter().find(|c| c.type_ == "Succeeded") else {
        return (State::Running, None);
    };
    let state = match c.status.as_str() {
        "True" => State::Succeeded,
        "False" if is_stopped_reason(&c.reason) => State::Stopped,
        "False" => State::Failed,
        _ => State::Running,
    };
    (state, Some(c))
}

/// Reasons Tekton gives a run that was cancelled or ran out of time (upstream
/// `PipelineRunReasonCancelled`, `...Timeout`, `TaskRunReasonCancelled`, ...).
fn is_stopped_reason(reason: &str) -> bool {
    reason.contains("Cancelled") || reason.contains("Timeout") || reason.ends_with("TimedOut")
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineRun {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub status: Option<PipelineRunStatus>,
}
run_resource!(PipelineRun);

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineRunStatus {
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub completion_time: Option<String>,
    #[serde(default)]
    /// The pipeline as it ran, kept as JSON for the linter's DAG (`logs::order`).
    pub pipeline_spec: Option<serde_json::Value>,
    #[serde(default)]
    pub skipped_tasks: Vec<SkippedTask>,
    #[serde(default)]
    pub child_references: Vec<ChildReference>,
}

impl PipelineRun {
    pub fn state(&self) -> (State, Option<&Condition>) {
        state(self.status.as_ref().map_or(&[][..], |s| &s.conditions))
    }

    pub fn children(&self) -> &[ChildReference] {
        self.status
            .as_ref()
            .map_or(&[][..], |s| &s.child_references)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedTask {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub when_expressions: Vec<WhenExpression>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhenExpression {
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub operator: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub cel: Option<String>,
}

impl std::fmt::Display for WhenExpression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(cel) = &self.cel {
            return write!(f, "{cel}");
        }
        write!(
            f,
            "{} {} [{}]",
            self.input.as_deref().unwrap_or_default(),
            self.operator.as_deref().unwrap_or("in"),
            self.values.join(", ")
        )
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChildReference {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub pipeline_task_name: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRun {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: TaskRunSpec,
    #[serde(default)]
    pub status: Option<TaskRunStatus>,
}
run_resource!(TaskRun);

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRunSpec {
    #[serde(default)]
    pub retries: Option<i64>,
    #[serde(default)]
    pub task_ref: Option<TaskRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TaskRef {
    /// Empty for a Task behind a resolver.
    #[serde(default)]
    pub name: String,
}

/// A TaskRun's status, and each earlier attempt's in `retries_status`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRunStatus {
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub pod_name: Option<String>,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub completion_time: Option<String>,
    #[serde(default)]
    pub steps: Vec<ContainerStatus>,
    #[serde(default)]
    pub sidecars: Vec<ContainerStatus>,
    #[serde(default)]
    pub retries_status: Vec<TaskRunStatus>,
}

impl TaskRunStatus {
    /// Whether the attempt has a pod (Tekton empties `podName` for a moment when it
    /// starts a retry).
    pub fn has_pod(&self) -> bool {
        self.pod_name.as_deref().is_some_and(|p| !p.is_empty())
    }

    pub fn state(&self) -> (State, Option<&Condition>) {
        state(&self.conditions)
    }
}

impl TaskRun {
    pub fn state(&self) -> (State, Option<&Condition>) {
        self.status
            .as_ref()
            .map_or((State::Running, None), TaskRunStatus::state)
    }

    /// How many attempts have a pod so far.
    pub fn attempts(&self) -> usize {
        self.status
            .as_ref()
            .map_or(0, |s| s.retries_status.len() + usize::from(s.has_pod()))
    }

    /// The status of attempt `n` (1-based), and whether it is over.
    pub fn attempt(&self, n: usize) -> Option<(&TaskRunStatus, bool)> {
        let status = self.status.as_ref()?;
        let earlier = status.retries_status.len();
        match n.checked_sub(1)? {
            i if i < earlier => status.retries_status.get(i).map(|s| (s, true)),
            i if i == earlier && status.has_pod() => {
                Some((status, status.state().0 != State::Running))
            }
            _ => None,
        }
    }
}

/// A step's or sidecar's container state, as Tekton copies it from the pod.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub container: String,
    #[serde(default)]
    pub waiting: Option<Waiting>,
    #[serde(default)]
    pub running: Option<serde_json::Value>,
    #[serde(default)]
    pub terminated: Option<Terminated>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Waiting {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Terminated {
    #[serde(default)]
    pub exit_code: i64,
    #[serde(default)]
    pub reason: String,
}

impl ContainerStatus {
    /// Whether the container ran: it runs or has ended, unless Tekton ended it because
    /// its pod could not start (and deleted the pod, so there is no log to ask for).
    pub fn started(&self) -> bool {
        self.running.is_some()
            || self
                .terminated
                .as_ref()
                .is_some_and(|t| !ended_as_unstartable(&t.reason))
    }
}

/// The reasons Tekton gives the steps of a TaskRun it failed because a container could
/// not start (`failTaskRun` marks every step that had not ended with the TaskRun's
/// reason: `TaskRunImagePullFailed`, `CreateContainerConfigError`, `PodCreationFailed`).
fn ended_as_unstartable(reason: &str) -> bool {
    matches!(
        reason,
        "TaskRunImagePullFailed" | "CreateContainerConfigError" | "PodCreationFailed"
    )
}

/// Waiting reasons after which a container will not start without a change to the pod
/// or the cluster: the follow reports them and ends with an error.
pub fn cannot_start(waiting: &Waiting) -> bool {
    matches!(
        waiting.reason.as_str(),
        "ErrImagePull"
            | "ImagePullBackOff"
            | "InvalidImageName"
            | "ErrImageNeverPull"
            | "CreateContainerConfigError"
            | "CreateContainerError"
    )
}
