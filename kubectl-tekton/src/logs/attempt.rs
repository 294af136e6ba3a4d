//! One attempt of a TaskRun: its pod's containers streamed one after another, steps in
//! step order (a step runs only once the one before it has ended), with the init
//! containers before them and the sidecars after them when `--all` asks for them.

use std::sync::Arc;

use k8s_openapi::api::core::v1::Pod;
use kube::Api;
use tokio::sync::mpsc;

use super::output::{Event, Source};
use super::progress::Progress;
use super::runs::ContainerStatus;
use super::stream::{self, Container, Ended, Window};

/// Which containers to show.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `--step`: only these steps (all when empty).
    pub steps: Vec<String>,
    /// `--all`: init containers and sidecars too.
    pub all: bool,
}

impl Selection {
    fn wants_step(&self, name: &str) -> bool {
        self.steps.is_empty() || self.steps.iter().any(|s| s == name)
    }
}

/// A pod to stream: which TaskRun attempt it runs, and how its lines are labelled.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub pod: String,
    /// The label of its lines; `step` is filled in per container.
    pub source: Source,
}

/// Streams the attempt's containers to `tx` in order.
pub async fn stream_attempt(
    pods: Api<Pod>,
    attempt: Attempt,
    selection: Arc<Selection>,
    window: Window,
    mut progress: Progress,
    tx: mpsc::Sender<Event>,
) -> Ended {
    let container = |name: &str, step: &str| Container {
        pod: attempt.pod.clone(),
        name: name.to_owned(),
        source: Arc::new(Source {
            step: step.to_owned(),
            ..attempt.source.clone()
        }),
    };
    // Streams one container; false when the writer is gone and everything must stop.
    let show = |c: Container, progress: Progress| {
        let (pods, tx) = (pods.clone(), tx.clone());
        async move { stream::stream(&pods, &c, window, progress, &tx).await != Ended::WriterGone }
    };
    if selection.all {
        for name in init_containers(&pods, &attempt.pod, &mut progress).await {
            if !show(container(&name, &name), progress.clone()).await {
                return Ended::WriterGone;
            }
        }
    }
    let mut index = 0;
    while let Some((at, step)) = next_started(&mut progress, index, |s| &s.steps).await {
        index = at + 1;
        if selection.wants_step(&step.name)
            && !show(container(&step.container, &step.name), progress.clone()).await
        {
            return Ended::WriterGone;
        }
    }
    if selection.all {
        let mut index = 0;
        while let Some((at, sidecar)) = next_started(&mut progress, index, |s| &s.sidecars).await {
            index = at + 1;
            let name = &sidecar.container;
            if !show(container(name, name), progress.clone()).await {
                return Ended::WriterGone;
            }
        }
    }
    Ended::Complete
}

/// The container at `index` of the list `list` picks from the attempt's status, once it
/// has started; containers that never started are passed over once the attempt is over.
/// `None` when there are no more; else its index and status.
async fn next_started(
    progress: &mut Progress,
    mut index: usize,
    list: impl Fn(&super::runs::TaskRunStatus) -> &Vec<ContainerStatus>,
) -> Option<(usize, ContainerStatus)> {
    loop {
        let (entry, over) = progress.with_attempt(|attempt| match attempt {
            Some((status, over)) => (list(status).get(index).cloned(), over),
            None => (None, false),
        });
        match entry {
            Some(c) if c.started() => return Some((index, c)),
            Some(_) if over || !progress.is_live() => index += 1,
            None if over || !progress.is_live() => return None,
            _ => {
                if !progress.changed().await {
                    return None;
                }
            }
        }
    }
}

/// The pod's init containers (`--all`), read once its steps have started (by then they
/// have all run).
async fn init_containers(pods: &Api<Pod>, pod: &str, progress: &mut Progress) -> Vec<String> {
    loop {
        let ready = progress.with_attempt(|attempt| {
            attempt.is_some_and(|(status, over)| {
                over || status.steps.iter().any(ContainerStatus::started)
            })
        });
        if ready || !progress.is_live() {
            break;
        }
        if !progress.changed().await {
            break;
        }
    }
    match pods.get_opt(pod).await {
        Ok(Some(pod)) => pod
            .spec
            .map(|spec| spec.init_containers.unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.name)
            .collect(),
        _ => Vec::new(),
    }
}
