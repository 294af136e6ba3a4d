//! What a streamer knows of its attempt's containers: the latest TaskRun the tracker
//! saw (live, while following) or the one read once (a snapshot, where everything shown
//! counts as final).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::runs::{ContainerStatus, TaskRun, TaskRunStatus};

#[derive(Clone, Debug)]
pub struct Progress {
    run: watch::Receiver<Arc<TaskRun>>,
    /// Counting from 1.
    attempt: usize,
    live: bool,
}

impl Progress {
    /// Follows the TaskRun as the tracker publishes it.
    pub fn live(run: watch::Receiver<Arc<TaskRun>>, attempt: usize) -> Self {
        Self {
            run,
            attempt,
            live: true,
        }
    }

    /// The TaskRun as read once: nothing will change.
    pub fn snapshot(run: Arc<TaskRun>, attempt: usize) -> Self {
        let (_, rx) = watch::channel(run);
        Self {
            run: rx,
            attempt,
            live: false,
        }
    }

    pub fn is_live(&self) -> bool {
        self.live
    }

    /// The attempt's status and whether the attempt is over, from the latest TaskRun.
    pub fn with_attempt<T>(&self, f: impl FnOnce(Option<(&TaskRunStatus, bool)>) -> T) -> T {
        let run = self.run.borrow();
        f(run.attempt(self.attempt))
    }

    fn container(status: &TaskRunStatus, name: &str) -> Option<ContainerStatus> {
        status
            .steps
            .iter()
            .chain(&status.sidecars)
            .find(|c| c.container == name)
            .cloned()
    }

    /// Whether the container has ended (its whole log can be read without following).
    /// Init containers are not in the TaskRun: they have ended once a step started.
    pub fn terminated(&self, container: &str) -> bool {
        if !self.live {
            return true;
        }
        self.with_attempt(|attempt| match attempt {
            None => false,
            Some((_, true)) => true,
            Some((status, false)) => match Self::container(status, container) {
                Some(c) => c.terminated.is_some(),
                None => status.steps.iter().any(ContainerStatus::started),
            },
        })
    }

    /// Waits up to `limit` for the container to end.
    pub async fn terminated_within(&mut self, container: &str, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while !self.terminated(container) {
            if !self.live {
                return false;
            }
            match tokio::time::timeout_at(deadline, self.run.changed()).await {
                Ok(Ok(())) => {}
                // Timed out, or the tracker is gone and nothing will change.
                _ => return self.terminated(container),
            }
        }
        true
    }

    /// Waits for the next change, for at most `limit`.
    pub async fn changed_within(&mut self, limit: Duration) {
        if self.live {
            let _ = tokio::time::timeout(limit, self.run.changed()).await;
        } else {
            tokio::time::sleep(limit).await;
        }
    }

    /// Waits for the next change; false when there will be none (the tracker is done or
    /// this is a snapshot).
    pub async fn changed(&mut self) -> bool {
        self.live && self.run.changed().await.is_ok()
    }
}
