//! One container's log, streamed to the writer and resumed when the stream breaks.
//!
//! Every request asks for `timestamps=true`: the times frame the lines and let a resumed
//! stream skip exactly what was shown ([`super::overlap`]). A stream that ends while the
//! container still runs (an API server restart, a dropped connection, a proxy's idle
//! timeout) is asked again from where it stopped, after a short backoff.

use std::sync::Arc;
use std::time::Duration;

use futures::AsyncBufReadExt;
use k8s_openapi::api::core::v1::Pod;
use kube::Api;
use kube::api::LogParams;
use tokio::sync::mpsc;

use super::framing::{Framer, Line};
use super::output::{Event, Source};
use super::overlap::Delivered;
use super::progress::Progress;

/// Which part of each container's log to show: `--tail` and `--since`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window {
    pub tail: Option<i64>,
    /// In whole seconds, as the API takes it.
    pub since_seconds: Option<i64>,
}

/// A container to stream.
#[derive(Clone, Debug)]
pub struct Container {
    pub pod: String,
    pub name: String,
    pub source: Arc<Source>,
}

/// How a container's stream ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Everything was shown.
    Complete,
    /// The writer is gone (its output was closed): stop everything.
    WriterGone,
    /// The pod or container went away, or the kubelet refused the log; a warning says so.
    Unavailable,
}

const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// How long a stream that ended cleanly waits to hear that its container terminated
/// before it asks again.
const TERMINATION_GRACE: Duration = Duration::from_secs(2);

/// Streams `container` to `tx`; follows it while `progress` says it runs.
pub async fn stream(
    pods: &Api<Pod>,
    container: &Container,
    window: Window,
    mut progress: Progress,
    tx: &mpsc::Sender<Event>,
) -> Ended {
    let mut delivered = Delivered::default();
    let mut backoff = FIRST_BACKOFF;
    let mut framer = Framer::new();
    let mut reconnecting = false;
    loop {
        let follow = !progress.terminated(&container.name);
        let mut params = LogParams {
            container: Some(container.name.clone()),
            follow,
            timestamps: true,
            ..LogParams::default()
        };
        if delivered.any() {
            // Lines without times (never from a kubelet asked for them) cannot be matched:
            // such a stream starts over.
            params.since_time = delivered.resume_from();
        } else {
            params.tail_lines = window.tail;
            params.since_seconds = window.since_seconds;
        }
        let mut replay = delivered.replay();
        let reader = match pods.log_stream(&container.pod, &params).await {
            Ok(reader) => reader,
            Err(error) => match classify(&error) {
                Refusal::NotYet => {
                    progress.changed_within(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    continue;
                }
                Refusal::Gone(why) => {
                    let what = if delivered.any() {
                        "its log ends here"
                    } else {
                        "it has no log to show"
                    };
                    let warning = format!("[{}] {why}: {what}", container.source.label());
                    return match tx.send(Event::Warning(warning)).await {
                        Ok(()) => Ended::Unavailable,
                        Err(_) => Ended::WriterGone,
                    };
                }
                Refusal::Transient => {
                    if !reconnecting {
                        reconnecting = true;
                        let status = format!("reconnecting to the API server ({})", brief(&error));
                        if tx.send(Event::Status(Some(status))).await.is_err() {
                            return Ended::WriterGone;
                        }
                    }
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    continue;
                }
            },
        };
        if reconnecting {
            reconnecting = false;
            if tx.send(Event::Status(None)).await.is_err() {
                return Ended::WriterGone;
            }
        }
        let mut reader = Box::pin(reader);
        let clean = loop {
            let chunk = match reader.fill_buf().await {
                Ok([]) => break true,
                Ok(chunk) => chunk,
                Err(_) => break false,
            };
            let mut lines = Vec::new();
            framer.push(chunk, &mut lines);
            let read = chunk.len();
            reader.consume_unpin(read);
            backoff = FIRST_BACKOFF;
            if send_new(lines, &mut replay, &mut delivered, container, tx)
                .await
                .is_err()
            {
                return Ended::WriterGone;
            }
        };
        if clean
            && (!follow
                || progress.terminated(&container.name)
                || progress
                    .terminated_within(&container.name, TERMINATION_GRACE)
                    .await)
        {
            let last: Vec<Line> = framer.finish().into_iter().collect();
            if send_new(last, &mut replay, &mut delivered, container, tx)
                .await
                .is_err()
            {
                return Ended::WriterGone;
            }
            return Ended::Complete;
        }
        // The stream stopped early: a part line will come again whole.
        framer.discard_partial();
        if !clean {
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }
}

/// Sends the lines not already shown, and records them as shown.
async fn send_new(
    lines: Vec<Line>,
    replay: &mut super::overlap::Replay,
    delivered: &mut Delivered,
    container: &Container,
    tx: &mpsc::Sender<Event>,
) -> Result<(), ()> {
    let fresh: Vec<Line> = lines.into_iter().filter(|l| !replay.repeats(l)).collect();
    if fresh.is_empty() {
        return Ok(());
    }
    for line in &fresh {
        delivered.record(line);
    }
    tx.send(Event::Lines(container.source.clone(), fresh))
        .await
        .map_err(|_| ())
}

enum Refusal {
    /// The container has not started: ask again once it has.
    NotYet,
    /// The pod or container is gone, or its log cannot be had.
    Gone(String),
    /// The connection or the API server failed: try again.
    Transient,
}

fn classify(error: &kube::Error) -> Refusal {
    match error {
        kube::Error::Api(status) => match status.code {
            404 => Refusal::Gone("the pod was deleted".to_owned()),
            // The kubelet's answer for a container not started yet.
            400 if status.message.contains("waiting to start")
                || status.message.contains("PodInitializing")
                || status.message.contains("ContainerCreating") =>
            {
                Refusal::NotYet
            }
            400 | 401 | 403 | 422 => {
                Refusal::Gone(format!("the log was refused: {}", status.message))
            }
            _ => Refusal::Transient,
        },
        _ => Refusal::Transient,
    }
}

/// The first line of an error's message, for a status line.
fn brief(error: &kube::Error) -> String {
    let text = error.to_string();
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect()
}
