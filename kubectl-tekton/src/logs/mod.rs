//! The log engine behind `logs` and every `--follow`: which containers to stream and in
//! what order ([`tracker`], over [`runs`] and [`order`]), each container's log streamed
//! and resumed without loss or repeats ([`attempt`], [`stream`], [`progress`], [`overlap`],
//! [`framing`]), written as text or NDJSON by one writer ([`output`]), and the summary
//! and exit status at the end ([`summary`]).
//!
//! Data flows one way: watches or one-off reads → tracker → one streamer per attempt →
//! a channel of whole lines → the writer.

mod attempt;
mod framing;
mod order;
mod output;
mod overlap;
mod progress;
pub mod runs;
mod stream;
mod summary;
mod tracker;

use std::io::{self, BufWriter, IsTerminal};

use tokio::sync::mpsc;

use crate::error::{Error, Result};

pub use attempt::Selection;
pub use output::{Format, Style};
pub use overlap::since_seconds;
pub use runs::label;
pub use stream::Window;
pub use summary::Exit;
pub use tracker::{Context, Target};

use output::{Event, Writer};

/// Colours only on a terminal, and never when `NO_COLOR` is set to anything.
pub fn colour_wanted() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether a one-line waiting status can be drawn (stderr is a terminal).
pub fn status_line_wanted() -> bool {
    io::stderr().is_terminal()
}

/// Shows the target's logs (following it when `follow`), then the summary on stderr;
/// returns how the run ended. Ctrl-C stops cleanly and says where.
pub async fn show(ctx: Context, target: Target, follow: bool, style: Style) -> Result<Exit> {
    let (tx, rx) = mpsc::channel(256);
    let writer = tokio::task::spawn_blocking(move || write_all(style, rx));
    let work = async {
        if follow {
            tracker::follow(&ctx, &target, tx.clone()).await
        } else {
            tracker::snapshot(&ctx, &target, tx.clone()).await
        }
    };
    let result = tokio::select! {
        result = work => Some(result),
        _ = tokio::signal::ctrl_c() => None,
    };
    let (ending, exit) = match result {
        Some(Ok(outcome)) => (Ending::Summary(outcome.summary), Ok(outcome.exit)),
        Some(Err(error)) => (Ending::Quiet, Err(error)),
        None => {
            let what = match &target {
                Target::PipelineRun(run) => format!("PipelineRun {}", run.name()),
                Target::TaskRun(run) => format!("TaskRun {}", run.name()),
            };
            (
                Ending::Interrupted(format!("interrupted: stopped showing {what}")),
                Ok(Exit::Interrupted),
            )
        }
    };
    // The writer ends on this event, whatever streamers are still winding down.
    let _ = tx.send(Event::End(ending)).await;
    drop(tx);
    match writer.await {
        Ok(Ok(())) => exit,
        Ok(Err(error)) => Err(Error::Output(error)),
        Err(_) => exit,
    }
}

/// How the writer ends.
#[derive(Debug)]
pub(crate) enum Ending {
    Summary(String),
    Interrupted(String),
    Quiet,
}

fn write_all(style: Style, mut rx: mpsc::Receiver<Event>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut writer = Writer::new(style, BufWriter::new(stdout.lock()), io::stderr());
    while let Some(event) = rx.blocking_recv() {
        if let Event::End(ending) = event {
            return writer.end(ending);
        }
        writer.write(event)?;
    }
    Ok(())
}
