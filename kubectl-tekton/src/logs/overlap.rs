//! Resuming a container's log exactly where it broke.
//!
//! A broken stream is asked again with `sinceTime`, which reaches the kubelet in whole
//! seconds (the API server's `metav1.Time` drops the fraction), so the new answer starts
//! with lines already shown: every line stamped in that second or later. The kubelet
//! filters record by record in the order they were written, so those lines come back
//! first and in the order they came the first time. [`Delivered`] keeps the time and a
//! hash of each line shown since the start of that second; the resumed stream skips
//! exactly those, in order, comparing (time, content) one by one. Nothing is lost and
//! nothing repeated, however many lines share a second or a nanosecond.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};

use k8s_openapi::jiff::Timestamp;

use super::framing::Line;

/// What identifies a line shown: its time and a hash of its bytes.
type Seen = (Timestamp, u64);

fn seen(line: &Line) -> Option<Seen> {
    let stamp = line.time.as_ref()?;
    let mut hasher = DefaultHasher::new();
    line.content.hash(&mut hasher);
    line.newline.hash(&mut hasher);
    Some((stamp.at, hasher.finish()))
}

/// The whole second a time falls in (rounded down, also before 1970).
fn second_of(at: Timestamp) -> Timestamp {
    let second = at.as_second() - i64::from(at.subsec_nanosecond() < 0);
    Timestamp::from_second(second).unwrap_or(at)
}

/// The lines of one container shown so far, as far as a resume needs them.
#[derive(Debug, Default)]
pub struct Delivered {
    /// The second of the latest time shown: where a resume asks to start.
    resume_from: Option<Timestamp>,
    /// Every line shown that is stamped at or after `resume_from`, in the order shown.
    window: Vec<Seen>,
    /// Whether any line was shown at all (one without a time included).
    any: bool,
}

impl Delivered {
    /// Records a line as shown.
    pub fn record(&mut self, line: &Line) {
        self.any = true;
        let Some(entry) = seen(line) else { return };
        let second = second_of(entry.0);
        if self.resume_from.is_none_or(|from| second > from) {
            self.resume_from = Some(second);
            // Times may go back a little (stdout and stderr are stamped apart): keep
            // whatever is still in the new second rather than assume order.
            self.window.retain(|(at, _)| *at >= second);
        }
        if entry.0 >= self.resume_from.unwrap_or(second) {
            self.window.push(entry);
        }
    }

    /// Whether anything was shown: if not, a resume starts over with the first request.
    pub fn any(&self) -> bool {
        self.any
    }

    /// The `sinceTime` to resume with, in whole seconds; `None` when no shown line had a
    /// time.
    pub fn resume_from(&self) -> Option<Timestamp> {
        self.resume_from
    }

    /// The filter for the stream that resumes from [`Self::resume_from`].
    pub fn replay(&self) -> Replay {
        Replay {
            expected: self.window.iter().copied().collect(),
        }
    }
}

/// Drops the lines a resumed stream repeats.
#[derive(Debug)]
pub struct Replay {
    expected: VecDeque<Seen>,
}

impl Replay {
    /// Whether `line` is the next one already shown. The first line that differs ends
    /// the overlap: from there on everything is new (the log changed under us, e.g. it
    /// was rotated, and showing a line twice is better than losing one).
    pub fn repeats(&mut self, line: &Line) -> bool {
        let Some(next) = self.expected.front() else {
            return false;
        };
        if seen(line).as_ref() == Some(next) {
            self.expected.pop_front();
            true
        } else {
            self.expected.clear();
            false
        }
    }
}

/// How far back to ask for a `--since` window, rounded up to whole seconds as the API
/// takes it.
pub fn since_seconds(window: std::time::Duration) -> i64 {
    let whole = window.as_secs() + u64::from(window.subsec_nanos() > 0);
    i64::try_from(whole.max(1)).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::framing::Stamp;
    use super::*;

    fn line(time: &str, text: &str) -> Line {
        Line {
            time: Some(Stamp {
                text: time.into(),
                at: time.parse().expect("a time"),
            }),
            content: text.as_bytes().to_vec(),
            newline: true,
        }
    }

    /// What the kubelet answers to `sinceTime=since`: every line stamped at or after it,
    /// in the order written.
    fn kubelet_since(log: &[Line], since: Timestamp) -> Vec<Line> {
        log.iter()
            .filter(|l| l.time.as_ref().is_some_and(|t| t.at >= since))
            .cloned()
            .collect()
    }

    fn resume_after(log: &[Line], shown: usize) -> Vec<Line> {
        let mut delivered = Delivered::default();
        for l in &log[..shown] {
            delivered.record(l);
        }
        let since = delivered.resume_from().expect("a resume point");
        let mut replay = delivered.replay();
        let mut out: Vec<Line> = log[..shown].to_vec();
        out.extend(
            kubelet_since(log, since)
                .into_iter()
                .filter(|l| !replay.repeats(l)),
        );
        out
    }

    #[test]
    fn a_resume_in_the_middle_of_a_busy_second_repeats_and_loses_nothing() {
        // Several lines in one second, two of them with the very same time and text.
        let log = vec![
            line("2026-12-04T10:00:00.900000000Z", "before"),
            line("2026-12-04T10:00:01.100000000Z", "a"),
            line("2026-12-04T10:00:01.100000000Z", "a"),
            line("2026-12-04T10:00:01.500000000Z", "b"),
            line("2026-12-04T10:00:01.500000000Z", "c"),
            line("2026-12-04T10:00:02.000000000Z", "d"),
        ];
        for shown in 1..log.len() {
            assert_eq!(resume_after(&log, shown), log, "broken after {shown} lines");
        }
    }

    #[test]
    fn the_resume_point_is_the_whole_second_rounded_down() {
        // kube's LogParams rounds sinceTime to the nearest second, so the caller must
        // pass whole seconds: 01.7 must resume from 01, never 02.
        let mut delivered = Delivered::default();
        delivered.record(&line("2026-12-04T10:00:01.700000000Z", "x"));
        assert_eq!(
            delivered.resume_from().map(|t| t.to_string()),
            Some("2026-12-04T10:00:01Z".to_owned())
        );
    }

    #[test]
    fn a_time_going_back_inside_the_window_is_still_skipped_once() {
        let log = vec![
            line("2026-12-04T10:00:01.500000000Z", "out"),
            line("2026-12-04T10:00:01.400000000Z", "err"),
            line("2026-12-04T10:00:01.600000000Z", "out again"),
        ];
        for shown in 1..log.len() {
            assert_eq!(resume_after(&log, shown), log, "broken after {shown} lines");
        }
    }

    #[test]
    fn a_different_line_where_a_repeat_was_expected_is_shown() {
        let mut delivered = Delivered::default();
        delivered.record(&line("2026-12-04T10:00:01.000000000Z", "old"));
        let mut replay = delivered.replay();
        assert!(!replay.repeats(&line("2026-12-04T10:00:01.000000000Z", "new")));
        assert!(!replay.repeats(&line("2026-12-04T10:00:01.000000000Z", "old")));
    }

    #[test]
    fn since_windows_round_up_to_whole_seconds() {
        assert_eq!(since_seconds(std::time::Duration::from_millis(1500)), 2);
        assert_eq!(since_seconds(std::time::Duration::from_secs(300)), 300);
        assert_eq!(since_seconds(std::time::Duration::ZERO), 1);
    }
}
