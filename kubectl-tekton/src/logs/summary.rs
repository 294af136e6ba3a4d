//! The end of a log: how the run ended, as one line and as the exit status.

use std::time::Duration;

use k8s_openapi::jiff::Timestamp;

use super::runs::{Condition, State};

/// How the command exits: 0 when the run succeeded (or is still running, without
/// `--follow`), 1 when it failed or cannot start, 2 when it was cancelled or timed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Succeeded,
    Failed,
    Stopped,
    StillRunning,
    /// Ctrl-C: 130, as a shell reports a command stopped by SIGINT.
    Interrupted,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Succeeded | Exit::StillRunning => 0,
            Exit::Failed => 1,
            Exit::Stopped => 2,
            Exit::Interrupted => 130,
        }
    }

    pub fn from_state(state: State) -> Self {
        match state {
            State::Succeeded => Exit::Succeeded,
            State::Failed => Exit::Failed,
            State::Stopped => Exit::Stopped,
            State::Running => Exit::StillRunning,
        }
    }
}

/// What ran: `PipelineRun demo`.
pub struct Run<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub state: State,
    pub condition: Option<&'a Condition>,
    pub start: Option<&'a str>,
    pub completion: Option<&'a str>,
}

/// The task that failed first, for a failed PipelineRun: its label and condition.
pub struct FailedTask<'a> {
    pub label: String,
    pub condition: &'a Condition,
}

/// One line: `PipelineRun demo failed after 8s: task build failed (Failed: step "test"
/// exited with code 3)`.
pub fn line(run: &Run, failed: Option<FailedTask>, now: Timestamp) -> String {
    let start = run.start.and_then(|t| t.parse::<Timestamp>().ok());
    let end = run
        .completion
        .and_then(|t| t.parse::<Timestamp>().ok())
        .unwrap_or(now);
    let took = start.map(|s| go_duration(between(s, end)));
    let what = format!("{} {}", run.kind, run.name);
    match run.state {
        State::Succeeded => match took {
            Some(took) => format!("{what} succeeded in {took}"),
            None => format!("{what} succeeded"),
        },
        State::Running => match took {
            Some(took) => format!("{what} is still running (for {took} so far)"),
            None => format!("{what} has not started yet"),
        },
        State::Failed | State::Stopped => {
            let verb = match run.state {
                State::Failed => "failed",
                _ if run.condition.is_some_and(|c| c.reason.contains("Timeout")) => "timed out",
                _ => "was cancelled",
            };
            let after = took.map(|t| format!(" after {t}")).unwrap_or_default();
            match (failed, run.condition) {
                (Some(task), _) => format!(
                    "{what} {verb}{after}: task {} failed ({})",
                    task.label,
                    task.condition.explain()
                ),
                (None, Some(c)) => format!("{what} {verb}{after} ({})", c.explain()),
                (None, None) => format!("{what} {verb}{after}"),
            }
        }
    }
}

fn between(from: Timestamp, to: Timestamp) -> Duration {
    Duration::try_from(to.duration_since(from)).unwrap_or_default()
}

/// A duration as Go prints one, to the second: `45s`, `1m30s`, `2h0m5s`.
fn go_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s}s"),
        _ => format!("{h}h{m}m{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(status: &str, reason: &str, message: &str) -> Condition {
        Condition {
            type_: "Succeeded".to_owned(),
            status: status.to_owned(),
            reason: reason.to_owned(),
            message: message.to_owned(),
        }
    }

    fn run<'a>(state: State, condition: &'a Condition) -> Run<'a> {
        Run {
            kind: "PipelineRun",
            name: "demo",
            state,
            condition: Some(condition),
            start: Some("2026-12-04T10:00:00Z"),
            completion: Some("2026-12-04T10:01:30Z"),
        }
    }

    #[test]
    fn each_ending_reads_as_one_line() {
        let now: Timestamp = "2026-12-04T10:02:00Z".parse().expect("a time");
        let ok = condition("True", "Succeeded", "Tasks Completed: 3");
        let failed = condition("False", "Failed", "Tasks Completed: 3 (Failed: 1)");
        let task = condition("False", "Failed", "\"step-test\" exited with code 3");
        let cancelled = condition("False", "Cancelled", "PipelineRun \"demo\" was cancelled");
        let timeout = condition(
            "False",
            "PipelineRunTimeout",
            "PipelineRun \"demo\" failed to finish within \"1m0s\"",
        );
        let lines = [
            line(&run(State::Succeeded, &ok), None, now),
            line(
                &run(State::Failed, &failed),
                Some(FailedTask {
                    label: "build".to_owned(),
                    condition: &task,
                }),
                now,
            ),
            line(&run(State::Failed, &failed), None, now),
            line(&run(State::Stopped, &cancelled), None, now),
            line(&run(State::Stopped, &timeout), None, now),
            line(
                &Run {
                    completion: None,
                    ..run(State::Running, &ok)
                },
                None,
                now,
            ),
        ];
        insta::assert_snapshot!(lines.join("\n"), @r#"
        PipelineRun demo succeeded in 1m30s
        PipelineRun demo failed after 1m30s: task build failed (Failed: "step-test" exited with code 3)
        PipelineRun demo failed after 1m30s (Failed: Tasks Completed: 3 (Failed: 1))
        PipelineRun demo was cancelled after 1m30s (Cancelled: PipelineRun "demo" was cancelled)
        PipelineRun demo timed out after 1m30s (PipelineRunTimeout: PipelineRun "demo" failed to finish within "1m0s")
        PipelineRun demo is still running (for 2m0s so far)
        "#);
    }

    #[test]
    fn exit_codes_follow_the_run() {
        let codes: Vec<u8> = [
            Exit::Succeeded,
            Exit::Failed,
            Exit::Stopped,
            Exit::StillRunning,
            Exit::Interrupted,
        ]
        .map(Exit::code)
        .to_vec();
        assert_eq!(codes, [0, 1, 2, 0, 130]);
    }
}
