//! The annotations that script a TaskRun's pod in the local cluster.
//!
//! Tekton copies a TaskRun's annotations onto its pod (and a PipelineRun's onto its
//! TaskRuns), where kwok's stages (`tests/cluster/kwok-stages.yaml`) and kt-logd read
//! them. The format is documented in `tests/cluster/README.md`.

use std::collections::BTreeMap;
use std::time::Duration;

const PREFIX: &str = "kt.test/";
/// How long the pod keeps running once kwok has started it when no line is timed.
const DEFAULT_RUN: Duration = Duration::from_millis(100);
/// Time left between the last scripted line and the end of the run, so a follower
/// sees every line arrive while the container still runs.
const TAIL: Duration = Duration::from_millis(500);

/// What one step does: the lines it prints and its exit code.
#[derive(Debug, Clone, Default)]
pub struct StepScript {
    lines: Vec<(Duration, String)>,
    exit_code: i32,
}

impl StepScript {
    pub fn new() -> Self {
        Self::default()
    }

    /// A line printed as soon as the step starts (or right after the line before).
    pub fn line(mut self, text: impl Into<String>) -> Self {
        let at = self.lines.last().map_or(Duration::ZERO, |(at, _)| *at);
        self.lines.push((at, text.into()));
        self
    }

    /// A line printed `at` after the step started.
    pub fn line_at(mut self, at: Duration, text: impl Into<String>) -> Self {
        self.lines.push((at, text.into()));
        self
    }

    pub fn exit_code(mut self, code: i32) -> Self {
        self.exit_code = code;
        self
    }

    fn last_line_at(&self) -> Duration {
        self.lines
            .iter()
            .map(|(at, _)| *at)
            .max()
            .unwrap_or_default()
    }

    fn log_annotation(&self) -> String {
        let mut out = String::new();
        for (at, text) in &self.lines {
            out.push_str(&format!("@{}ms {text}\n", at.as_millis()));
        }
        out
    }
}

/// What a TaskRun's pod does, as annotations for the TaskRun (or PipelineRun).
///
/// All steps run side by side and end together once the run's duration is over,
/// which defaults to just after the last scripted line.
#[derive(Debug, Clone, Default)]
pub struct RunScript {
    steps: BTreeMap<String, StepScript>,
    duration: Option<Duration>,
}

impl RunScript {
    pub fn new() -> Self {
        Self::default()
    }

    /// Scripts the step named `step` (its container is `step-<step>`).
    pub fn step(mut self, step: impl Into<String>, script: StepScript) -> Self {
        self.steps.insert(step.into(), script);
        self
    }

    /// How long the pod runs before its steps exit.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    pub fn annotations(&self) -> BTreeMap<String, String> {
        let last_line = self.steps.values().map(StepScript::last_line_at).max();
        let duration = self.duration.unwrap_or(match last_line {
            Some(at) if !at.is_zero() => at + TAIL,
            _ => DEFAULT_RUN,
        });
        let mut out = BTreeMap::new();
        out.insert(
            format!("{PREFIX}duration"),
            format!("{}ms", duration.as_millis()),
        );
        for (name, step) in &self.steps {
            if step.exit_code != 0 {
                out.insert(
                    format!("{PREFIX}exit-code.step-{name}"),
                    step.exit_code.to_string(),
                );
            }
            if !step.lines.is_empty() {
                out.insert(format!("{PREFIX}log.step-{name}"), step.log_annotation());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_carry_lines_exit_codes_and_a_duration_after_the_last_line() {
        let script = RunScript::new()
            .step(
                "build",
                StepScript::new()
                    .line("one")
                    .line_at(Duration::from_secs(2), "two")
                    .line("three"),
            )
            .step("test", StepScript::new().exit_code(3));
        let a = script.annotations();
        assert_eq!(
            a["kt.test/log.step-build"],
            "@0ms one\n@2000ms two\n@2000ms three\n"
        );
        assert_eq!(a["kt.test/exit-code.step-test"], "3");
        assert_eq!(a["kt.test/duration"], "2500ms");
        assert!(!a.contains_key("kt.test/exit-code.step-build"));
        assert!(!a.contains_key("kt.test/log.step-test"));
    }

    #[test]
    fn an_untimed_run_ends_quickly_unless_told_otherwise() {
        assert_eq!(RunScript::new().annotations()["kt.test/duration"], "100ms");
        let slow = RunScript::new().duration(Duration::from_secs(4));
        assert_eq!(slow.annotations()["kt.test/duration"], "4000ms");
    }
}
