//! The annotations that script a TaskRun's pod in the local cluster.
//!
//! Tekton copies a TaskRun's annotations onto its pod (and a PipelineRun's onto its
//! TaskRuns), where kwok's stages (`tests/cluster/kwok-stages.yaml`) and kt-logd read
//! them. The format is documented in `tests/cluster/README.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

const PREFIX: &str = "kt.test/";
/// How long the pod keeps running once kwok has started it when no line is timed.
const DEFAULT_RUN: Duration = Duration::from_millis(100);
/// Time left between the last scripted line and the end of the run, so a follower
/// sees every line arrive while the container still runs.
const TAIL: Duration = Duration::from_millis(500);

/// One entry of a step's output, in kt-logd's script format.
#[derive(Debug, Clone)]
enum Output {
    /// A line of text (a newline is added).
    Line(String),
    /// Bytes exactly as given: binary, not UTF-8, or without a final newline.
    Bytes(Vec<u8>),
    /// One line of `len` bytes: `pattern` repeated and cut.
    Long { len: usize, pattern: String },
    /// `count` lines `"{prefix} 1"` to `"{prefix} {count}"`, one every `every`.
    Numbered {
        count: usize,
        every: Duration,
        prefix: String,
    },
}

/// What one step does: what it prints, when, and its exit code.
#[derive(Debug, Clone, Default)]
pub struct StepScript {
    output: Vec<(Duration, Output)>,
    exit_code: i32,
}

impl StepScript {
    pub fn new() -> Self {
        Self::default()
    }

    fn last_offset(&self) -> Duration {
        self.output.last().map_or(Duration::ZERO, |(at, _)| *at)
    }

    /// A line printed as soon as the step starts (or right after the line before).
    pub fn line(self, text: impl Into<String>) -> Self {
        let at = self.last_offset();
        self.line_at(at, text)
    }

    /// A line printed `at` after the step started.
    pub fn line_at(mut self, at: Duration, text: impl Into<String>) -> Self {
        self.output.push((at, Output::Line(text.into())));
        self
    }

    /// Raw bytes written `at` after the step started, exactly as given (no newline
    /// is added): binary output, bytes that are not UTF-8, or a line left open.
    pub fn bytes_at(mut self, at: Duration, data: impl Into<Vec<u8>>) -> Self {
        self.output.push((at, Output::Bytes(data.into())));
        self
    }

    /// One line of exactly `len` bytes, `pattern` repeated, written `at` after the
    /// step started.
    pub fn long_line_at(mut self, at: Duration, len: usize, pattern: impl Into<String>) -> Self {
        let pattern = pattern.into();
        assert!(!pattern.is_empty(), "a long line needs a non-empty pattern");
        self.output.push((at, Output::Long { len, pattern }));
        self
    }

    /// `count` lines `"{prefix} 1"` to `"{prefix} {count}"`, the first `at` after the
    /// step started and one more every `every` (all at once for zero).
    pub fn numbered_lines(
        mut self,
        at: Duration,
        count: usize,
        every: Duration,
        prefix: impl Into<String>,
    ) -> Self {
        let prefix = prefix.into();
        self.output.push((
            at,
            Output::Numbered {
                count,
                every,
                prefix,
            },
        ));
        self
    }

    pub fn exit_code(mut self, code: i32) -> Self {
        self.exit_code = code;
        self
    }

    /// When the last output is due.
    fn last_output_at(&self) -> Duration {
        self.output
            .iter()
            .map(|(at, out)| match out {
                Output::Numbered { count, every, .. } => {
                    *at + *every * u32::try_from(count.saturating_sub(1)).unwrap_or(u32::MAX)
                }
                _ => *at,
            })
            .max()
            .unwrap_or_default()
    }

    fn log_annotation(&self) -> String {
        let mut out = String::new();
        for (at, output) in &self.output {
            let at = at.as_millis();
            // Writing to a String cannot fail.
            let _ = match output {
                // Text that kt-logd would read as a directive, or that spans lines,
                // goes as bytes.
                Output::Line(text) if text.starts_with('!') || text.contains('\n') => {
                    let mut data = text.clone().into_bytes();
                    data.push(b'\n');
                    writeln!(out, "@{at}ms !b64 {}", BASE64.encode(data))
                }
                Output::Line(text) => writeln!(out, "@{at}ms {text}"),
                Output::Bytes(data) => writeln!(out, "@{at}ms !b64 {}", BASE64.encode(data)),
                Output::Long { len, pattern } => writeln!(out, "@{at}ms !repeat {len} {pattern}"),
                Output::Numbered {
                    count,
                    every,
                    prefix,
                } => writeln!(out, "@{at}ms !seq {count} {}ms {prefix}", every.as_millis()),
            };
        }
        out
    }
}

/// What a TaskRun's pod does, as annotations for the TaskRun (or PipelineRun).
///
/// All steps run side by side and end together once the run's duration is over,
/// which defaults to just after the last scripted line. A retried TaskRun runs a new
/// pod per attempt; [`RunScript::attempt`] scripts an attempt differently.
#[derive(Debug, Clone, Default)]
pub struct RunScript {
    steps: BTreeMap<String, StepScript>,
    duration: Option<Duration>,
    attempts: BTreeMap<u32, RunScript>,
    start_delay: Option<Duration>,
    /// Why the pod never starts, and what the kubelet says about it.
    never_starts: Option<(String, String)>,
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

    /// How long the pod stays Pending, scheduled but not started (every attempt's pod).
    pub fn start_delay(mut self, delay: Duration) -> Self {
        self.start_delay = Some(delay);
        self
    }

    /// The pod never starts: its containers wait with this reason (`ImagePullBackOff`,
    /// `ErrImagePull`, `CreateContainerConfigError`, ...) and message, as a kubelet shows
    /// them (every attempt's pod).
    pub fn never_starts(mut self, reason: impl Into<String>, message: impl Into<String>) -> Self {
        self.never_starts = Some((reason.into(), message.into()));
        self
    }

    /// What attempt `n` (counting from 1) of a retried TaskRun does instead. Every
    /// step it does not name prints nothing and exits 0 in that attempt.
    pub fn attempt(mut self, n: u32, script: RunScript) -> Self {
        assert!(n >= 1, "attempts count from 1");
        self.attempts.insert(n, script);
        self
    }

    fn run_duration(&self) -> Duration {
        let last_line = self.steps.values().map(StepScript::last_output_at).max();
        self.duration.unwrap_or(match last_line {
            Some(at) if !at.is_zero() => at + TAIL,
            _ => DEFAULT_RUN,
        })
    }

    pub fn annotations(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        self.write_annotations(PREFIX, false, &mut out);
        // kwok's start stages read these for every attempt alike.
        if let Some(delay) = self.start_delay {
            out.insert(
                format!("{PREFIX}start-delay"),
                format!("{}ms", delay.as_millis()),
            );
        }
        if let Some((reason, message)) = &self.never_starts {
            out.insert(format!("{PREFIX}waiting-reason"), reason.clone());
            out.insert(format!("{PREFIX}waiting-message"), message.clone());
        }
        for (n, attempt) in &self.attempts {
            // Steps of the base script that the attempt leaves out are reset, since
            // kt-logd and kwok fall back to the base annotations.
            let mut attempt = attempt.clone();
            for name in self.steps.keys() {
                attempt.steps.entry(name.clone()).or_default();
            }
            attempt.write_annotations(&format!("{PREFIX}attempt-{n}."), true, &mut out);
        }
        out
    }

    /// `explicit`: write every value, also defaults, so none falls back to the base.
    fn write_annotations(&self, prefix: &str, explicit: bool, out: &mut BTreeMap<String, String>) {
        out.insert(
            format!("{prefix}duration"),
            format!("{}ms", self.run_duration().as_millis()),
        );
        for (name, step) in &self.steps {
            if explicit || step.exit_code != 0 {
                out.insert(
                    format!("{prefix}exit-code.step-{name}"),
                    step.exit_code.to_string(),
                );
            }
            if explicit || !step.output.is_empty() {
                out.insert(format!("{prefix}log.step-{name}"), step.log_annotation());
            }
        }
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

    #[test]
    fn bytes_long_lines_and_numbered_lines_use_kt_logd_directives() {
        let step = StepScript::new()
            .bytes_at(Duration::ZERO, vec![0xff, b'\n'])
            .line("!not a directive")
            .long_line_at(Duration::from_secs(1), 100_000, "ab")
            .numbered_lines(Duration::from_secs(2), 10, Duration::from_millis(100), "n");
        let a = RunScript::new().step("s", step).annotations();
        assert_eq!(
            a["kt.test/log.step-s"],
            "@0ms !b64 /wo=\n@0ms !b64 IW5vdCBhIGRpcmVjdGl2ZQo=\n@1000ms !repeat 100000 ab\n@2000ms !seq 10 100ms n\n"
        );
        // The last numbered line is due at 2.9 s.
        assert_eq!(a["kt.test/duration"], "3400ms");
    }

    #[test]
    fn a_late_start_and_a_pod_that_never_starts_are_annotations_of_the_run() {
        let late = RunScript::new()
            .start_delay(Duration::from_secs(11))
            .annotations();
        assert_eq!(late["kt.test/start-delay"], "11000ms");
        let stuck = RunScript::new()
            .never_starts("ImagePullBackOff", "Back-off pulling image \"x\"")
            .annotations();
        assert_eq!(stuck["kt.test/waiting-reason"], "ImagePullBackOff");
        assert_eq!(
            stuck["kt.test/waiting-message"],
            "Back-off pulling image \"x\""
        );
        assert!(!stuck.contains_key("kt.test/start-delay"));
    }

    #[test]
    fn an_attempt_overrides_every_step_of_the_base_script() {
        let script = RunScript::new()
            .step("flaky", StepScript::new().line("failing").exit_code(1))
            .step("other", StepScript::new().line("always"))
            .attempt(
                2,
                RunScript::new().step("flaky", StepScript::new().line("passing")),
            );
        let a = script.annotations();
        assert_eq!(a["kt.test/exit-code.step-flaky"], "1");
        assert_eq!(a["kt.test/attempt-2.exit-code.step-flaky"], "0");
        assert_eq!(a["kt.test/attempt-2.log.step-flaky"], "@0ms passing\n");
        assert_eq!(a["kt.test/attempt-2.log.step-other"], "");
        assert_eq!(a["kt.test/attempt-2.exit-code.step-other"], "0");
        assert_eq!(a["kt.test/attempt-2.duration"], "100ms");
    }
}
