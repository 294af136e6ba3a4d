//! What the plugin reads from a TaskRun or PipelineRun, whichever API version it came in: its
//! state (from the `Succeeded` condition), start and completion times. Runs are kept as
//! `DynamicObject`s so that fields of a newer Tekton than ours survive a round trip, and
//! `-o json|yaml` prints exactly what the server sent.

use std::time::Duration;

use k8s_openapi::jiff::Timestamp;
use kube::api::DynamicObject;
use serde_json::Value;

/// Where a run stands, from its `Succeeded` condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Succeeded,
    Failed,
    Cancelled,
    Running,
    Pending,
    /// No condition yet: the controller has not looked at the run.
    Unknown,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
            Phase::Cancelled => "Cancelled",
            Phase::Running => "Running",
            Phase::Pending => "Pending",
            Phase::Unknown => "Unknown",
        }
    }

    /// Whether the run has ended (it will not change any more).
    pub fn is_done(self) -> bool {
        matches!(self, Phase::Succeeded | Phase::Failed | Phase::Cancelled)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub phase: Phase,
    pub reason: Option<String>,
    pub message: Option<String>,
}

/// Reasons that say the same as the phase and so are not repeated after it.
const PLAIN_REASONS: [&str; 6] = [
    "Succeeded",
    "Completed",
    "Failed",
    "Running",
    "Started",
    "Cancelled",
];

impl State {
    /// The STATUS column: the phase, with the reason after it when it adds something, e.g.
    /// `Failed(PipelineRunTimeout)` (tkn's format).
    pub fn label(&self) -> String {
        if self.phase == Phase::Unknown {
            return "---".to_owned();
        }
        let redundant = |reason: &str| {
            reason.is_empty()
                || PLAIN_REASONS.contains(&reason)
                || (self.phase == Phase::Pending && reason.ends_with("Pending"))
        };
        match self.reason.as_deref() {
            Some(reason) if !redundant(reason) => format!("{}({reason})", self.phase.as_str()),
            _ => self.phase.as_str().to_owned(),
        }
    }
}

/// The state of a run, or of any object with a Knative `Succeeded` condition in `status`.
pub fn state(status: Option<&Value>) -> State {
    let condition = status
        .and_then(|s| s.get("conditions"))
        .and_then(Value::as_array)
        .and_then(|conditions| {
            conditions
                .iter()
                .find(|c| c.get("type").and_then(Value::as_str) == Some("Succeeded"))
        });
    let Some(condition) = condition else {
        return State {
            phase: Phase::Unknown,
            reason: None,
            message: None,
        };
    };
    let text = |key: &str| {
        condition
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let reason = text("reason");
    let reason_is = |test: &dyn Fn(&str) -> bool| reason.as_deref().is_some_and(test);
    let phase = match condition.get("status").and_then(Value::as_str) {
        Some("True") => Phase::Succeeded,
        Some("False") if reason_is(&|r| r.contains("Cancelled")) => Phase::Cancelled,
        Some("False") => Phase::Failed,
        _ if reason_is(&|r| {
            r.ends_with("Pending")
                || matches!(
                    r,
                    "CreateContainerConfigError"
                        | "ExceededNodeResources"
                        | "ExceededResourceQuota"
                )
        }) =>
        {
            Phase::Pending
        }
        _ => Phase::Running,
    };
    State {
        phase,
        reason,
        message: text("message"),
    }
}

/// An RFC 3339 time field.
pub fn time(value: Option<&Value>) -> Option<Timestamp> {
    value?.as_str()?.parse().ok()
}

/// The time between two instants, or zero if they are out of order.
pub fn between(from: Timestamp, to: Timestamp) -> Duration {
    Duration::try_from(to.duration_since(from)).unwrap_or_default()
}

/// The run fields tables and descriptions use.
pub struct RunInfo<'a> {
    pub object: &'a DynamicObject,
}

impl<'a> RunInfo<'a> {
    pub fn new(object: &'a DynamicObject) -> Self {
        RunInfo { object }
    }

    pub fn name(&self) -> &'a str {
        self.object.metadata.name.as_deref().unwrap_or_default()
    }

    pub fn namespace(&self) -> &'a str {
        self.object
            .metadata
            .namespace
            .as_deref()
            .unwrap_or_default()
    }

    pub fn status(&self) -> Option<&'a Value> {
        self.object.data.get("status")
    }

    pub fn spec(&self) -> Option<&'a Value> {
        self.object.data.get("spec")
    }

    pub fn state(&self) -> State {
        state(self.status())
    }

    pub fn created(&self) -> Option<Timestamp> {
        self.object
            .metadata
            .creation_timestamp
            .as_ref()
            .map(|t| t.0)
    }

    pub fn started(&self) -> Option<Timestamp> {
        time(self.status().and_then(|s| s.get("startTime")))
    }

    pub fn completed(&self) -> Option<Timestamp> {
        time(self.status().and_then(|s| s.get("completionTime")))
    }

    /// From start to completion; `None` while it runs or before it starts.
    pub fn duration(&self) -> Option<Duration> {
        Some(between(self.started()?, self.completed()?))
    }

    pub fn label(&self, key: &str) -> Option<&'a str> {
        self.object
            .metadata
            .labels
            .as_ref()?
            .get(key)
            .map(String::as_str)
    }

    /// When the run was started, or created if it has not started: the order of `list`.
    pub fn sort_time(&self) -> Option<Timestamp> {
        self.started().or(self.created())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn label(status: &str, reason: &str) -> String {
        state(Some(
            &json!({"conditions": [{"type": "Succeeded", "status": status, "reason": reason}]}),
        ))
        .label()
    }

    #[test]
    fn status_labels_follow_tkn() {
        assert_eq!(label("True", "Succeeded"), "Succeeded");
        assert_eq!(label("True", "Completed"), "Succeeded");
        assert_eq!(
            label("True", "CompletedWithSkips"),
            "Succeeded(CompletedWithSkips)"
        );
        assert_eq!(label("False", "Failed"), "Failed");
        assert_eq!(
            label("False", "PipelineRunTimeout"),
            "Failed(PipelineRunTimeout)"
        );
        assert_eq!(label("False", "Cancelled"), "Cancelled");
        assert_eq!(
            label("False", "TaskRunCancelled"),
            "Cancelled(TaskRunCancelled)"
        );
        assert_eq!(label("Unknown", "Running"), "Running");
        assert_eq!(label("Unknown", "PipelineRunPending"), "Pending");
        assert_eq!(
            label("Unknown", "ExceededResourceQuota"),
            "Pending(ExceededResourceQuota)"
        );
        assert_eq!(
            label("Unknown", "ResolvingPipelineRef"),
            "Running(ResolvingPipelineRef)"
        );
        assert_eq!(state(Some(&json!({}))).label(), "---");
        assert_eq!(state(None).phase, Phase::Unknown);
    }
}
