//! The output writers: log lines to stdout as text (`[task : step] line`, coloured per
//! task on a terminal) or as NDJSON; notes, warnings and the waiting status to stderr.
//!
//! One writer owns both streams and gets everything through one channel, so lines from
//! concurrent containers are written whole, one after another, never mixed mid-line.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;

use super::framing::Line;

/// Where a line comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The pipeline task's name; for a task of a child PipelineRun, its parent's task name,
    /// `/`, and its own. For a TaskRun of its own, its Task's name (or its own name).
    pub task: String,
    /// Which TaskRun of a matrix fan-out, counting from 0.
    pub matrix: Option<usize>,
    /// Counting from 1.
    pub attempt: usize,
    /// Whether to print the attempt: the TaskRun may be retried.
    pub show_attempt: bool,
    /// The step's name, or for init containers and sidecars (`--all`) the container's.
    pub step: String,
    /// A colour per task, in the order tasks are shown.
    pub colour: usize,
}

impl Source {
    /// `build[1] (attempt 2) : compile`
    pub fn label(&self) -> String {
        let mut out = self.task_label();
        out.push_str(" : ");
        out.push_str(&self.step);
        out
    }

    /// `build[1] (attempt 2)`
    pub fn task_label(&self) -> String {
        let mut out = self.task.clone();
        if let Some(index) = self.matrix {
            out.push_str(&format!("[{index}]"));
        }
        if self.show_attempt || self.attempt > 1 {
            out.push_str(&format!(" (attempt {})", self.attempt));
        }
        out
    }
}

/// What the writer is handed.
#[derive(Debug)]
pub enum Event {
    /// Consecutive lines of one container.
    Lines(Arc<Source>, Vec<Line>),
    /// Something worth a line on stderr: a skipped task, a retry, a custom run.
    Note(String),
    /// Something that went wrong but did not stop the follow.
    Warning(String),
    /// What the follow waits for, shown on a terminal only and replaced by the next one;
    /// `None` clears it.
    Status(Option<String>),
    /// The last thing written: the summary, or where an interrupted follow stopped.
    End(super::Ending),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// How lines are written.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub format: Format,
    pub prefix: bool,
    pub timestamps: bool,
    /// ANSI colours on stdout (a terminal and no `NO_COLOR`).
    pub colour: bool,
    /// Whether stderr is a terminal, where a one-line status may be drawn and redrawn.
    pub status_line: bool,
}

/// Prefix colours: bold cyan, green, yellow, blue, magenta and bright cyan. Red is kept
/// for errors.
const PALETTE: [&str; 6] = [
    "\x1b[1;36m",
    "\x1b[1;32m",
    "\x1b[1;33m",
    "\x1b[1;34m",
    "\x1b[1;35m",
    "\x1b[1;96m",
];
const RESET: &str = "\x1b[0m";

#[derive(Serialize)]
struct JsonLine<'a> {
    task: &'a str,
    step: &'a str,
    attempt: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    matrix: Option<usize>,
    time: Option<&'a str>,
    line: &'a str,
    /// `base64` when the line's bytes are not UTF-8 and `line` holds them encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
}

/// Writes events to `out` (log lines) and `err` (everything else).
pub struct Writer<O: Write, E: Write> {
    style: Style,
    out: O,
    err: E,
    status_shown: bool,
    /// The time of the last line shown per container, for saying where a follow stopped.
    last_shown: BTreeMap<String, Option<Box<str>>>,
}

impl<O: Write, E: Write> Writer<O, E> {
    pub fn new(style: Style, out: O, err: E) -> Self {
        Self {
            style,
            out,
            err,
            status_shown: false,
            last_shown: BTreeMap::new(),
        }
    }

    pub fn write(&mut self, event: Event) -> io::Result<()> {
        match event {
            Event::Lines(source, lines) => {
                self.clear_status()?;
                for line in &lines {
                    self.line(&source, line)?;
                }
                if let Some(last) = lines.last() {
                    self.last_shown
                        .insert(source.label(), last.time.as_ref().map(|t| t.text.clone()));
                }
                self.out.flush()
            }
            Event::Note(text) => self.note_line(&text),
            Event::Warning(text) => self.note_line(&format!("warning: {text}")),
            Event::End(ending) => self.end(ending),
            Event::Status(text) => {
                if !self.style.status_line {
                    return Ok(());
                }
                self.clear_status()?;
                if let Some(text) = text {
                    // One terminal line: anything longer would wrap and could not be erased.
                    let text: String = text.chars().take(100).collect();
                    write!(self.err, "{text}")?;
                    self.status_shown = true;
                }
                self.err.flush()
            }
        }
    }

    /// Writes the last words: the summary, or where an interrupted follow stopped.
    pub fn end(&mut self, ending: super::Ending) -> io::Result<()> {
        match ending {
            super::Ending::Summary(text) => self.note_line(&text),
            super::Ending::Interrupted(text) => {
                let text = format!("{text}{}", self.stopped_at());
                self.note_line(&text)
            }
            super::Ending::Quiet => {
                self.clear_status()?;
                self.out.flush()
            }
        }
    }

    /// Where each container's output stopped: `[task : step] at TIME`, one per line.
    fn stopped_at(&self) -> String {
        let mut out = String::new();
        for (label, time) in &self.last_shown {
            match time {
                Some(time) => out.push_str(&format!("\n  [{label}] last line stamped {time}")),
                None => out.push_str(&format!("\n  [{label}]")),
            }
        }
        out
    }

    fn note_line(&mut self, text: &str) -> io::Result<()> {
        self.clear_status()?;
        // Lines already written come first.
        self.out.flush()?;
        writeln!(self.err, "{text}")?;
        self.err.flush()
    }

    fn clear_status(&mut self) -> io::Result<()> {
        if self.status_shown {
            write!(self.err, "\r\x1b[2K")?;
            self.status_shown = false;
        }
        Ok(())
    }

    fn line(&mut self, source: &Source, line: &Line) -> io::Result<()> {
        let time = line.time.as_ref().map(|t| &*t.text);
        match self.style.format {
            Format::Json => {
                let (text, encoding) = match std::str::from_utf8(&line.content) {
                    Ok(text) => (std::borrow::Cow::Borrowed(text), None),
                    Err(_) => (BASE64.encode(&line.content).into(), Some("base64")),
                };
                let record = JsonLine {
                    task: &source.task,
                    step: &source.step,
                    attempt: source.attempt,
                    matrix: source.matrix,
                    time,
                    line: &text,
                    encoding,
                };
                serde_json::to_writer(&mut self.out, &record)?;
                self.out.write_all(b"\n")
            }
            Format::Text => {
                if self.style.prefix {
                    if self.style.colour {
                        let colour = PALETTE[source.colour % PALETTE.len()];
                        write!(self.out, "{colour}[{}]{RESET} ", source.label())?;
                    } else {
                        write!(self.out, "[{}] ", source.label())?;
                    }
                }
                if self.style.timestamps
                    && let Some(time) = time
                {
                    write!(self.out, "{time} ")?;
                }
                self.out.write_all(&line.content)?;
                // A line left open (no final newline) is closed: the next one starts with
                // its own prefix.
                self.out.write_all(b"\n")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::framing::Stamp;
    use super::*;

    fn source(task: &str, step: &str) -> Arc<Source> {
        Arc::new(Source {
            task: task.to_owned(),
            matrix: None,
            attempt: 1,
            show_attempt: false,
            step: step.to_owned(),
            colour: 0,
        })
    }

    fn line(time: &str, content: &[u8]) -> Line {
        Line {
            time: Some(Stamp {
                text: time.into(),
                at: time.parse().expect("a time"),
            }),
            content: content.to_vec(),
            newline: true,
        }
    }

    fn render(style: Style, events: Vec<Event>) -> (String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut writer = Writer::new(style, &mut out, &mut err);
        for event in events {
            writer.write(event).expect("write");
        }
        (
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    const TEXT: Style = Style {
        format: Format::Text,
        prefix: true,
        timestamps: false,
        colour: false,
        status_line: false,
    };

    #[test]
    fn text_lines_carry_the_task_and_step_and_optionally_the_time() {
        let retried = Arc::new(Source {
            matrix: Some(1),
            attempt: 2,
            ..(*source("build", "compile")).clone()
        });
        let events = || {
            vec![
                Event::Lines(
                    source("build", "compile"),
                    vec![line("2026-12-04T10:00:01.000000000Z", b"one")],
                ),
                Event::Lines(
                    retried.clone(),
                    vec![line("2026-12-04T10:00:02.000000000Z", b"two")],
                ),
                Event::Note("task deploy was skipped".to_owned()),
            ]
        };
        let (out, err) = render(TEXT, events());
        insta::assert_snapshot!(out, @r"
        [build : compile] one
        [build[1] (attempt 2) : compile] two
        ");
        assert_eq!(err, "task deploy was skipped\n");
        let stamped = Style {
            timestamps: true,
            colour: true,
            ..TEXT
        };
        let (out, _) = render(stamped, events());
        insta::assert_snapshot!(out.replace('\x1b', "^["), @r"
        ^[[1;36m[build : compile]^[[0m 2026-12-04T10:00:01.000000000Z one
        ^[[1;36m[build[1] (attempt 2) : compile]^[[0m 2026-12-04T10:00:02.000000000Z two
        ");
        let bare = Style {
            prefix: false,
            ..TEXT
        };
        assert_eq!(render(bare, events()).0, "one\ntwo\n");
    }

    #[test]
    fn json_lines_mark_bytes_that_are_not_utf8() {
        let json = Style {
            format: Format::Json,
            ..TEXT
        };
        let (out, _) = render(
            json,
            vec![Event::Lines(
                source("build", "compile"),
                vec![
                    line("2026-12-04T10:00:01.000000000Z", "héllo \"x\"".as_bytes()),
                    line("2026-12-04T10:00:01.000000000Z", b"\xff\x00"),
                ],
            )],
        );
        insta::assert_snapshot!(out, @r#"
        {"task":"build","step":"compile","attempt":1,"time":"2026-12-04T10:00:01.000000000Z","line":"héllo \"x\""}
        {"task":"build","step":"compile","attempt":1,"time":"2026-12-04T10:00:01.000000000Z","line":"/wA=","encoding":"base64"}
        "#);
    }

    #[test]
    fn a_status_is_erased_before_the_next_line_on_a_terminal() {
        let terminal = Style {
            status_line: true,
            ..TEXT
        };
        let (out, err) = render(
            terminal,
            vec![
                Event::Status(Some("waiting for build".to_owned())),
                Event::Lines(
                    source("build", "compile"),
                    vec![line("2026-12-04T10:00:01.000000000Z", b"x")],
                ),
            ],
        );
        assert_eq!(out, "[build : compile] x\n");
        assert_eq!(err, "waiting for build\r\x1b[2K");
        let (_, err) = render(TEXT, vec![Event::Status(Some("hidden".to_owned()))]);
        assert_eq!(err, "");
    }
}
