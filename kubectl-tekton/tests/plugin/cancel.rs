//! `cancel`: a running PipelineRun and TaskRun end Cancelled; a finished run is refused.

use std::time::Duration;

use serde_json::json;
use tekton_testcluster::{Cluster, RunScript};

use crate::util::{self, kt};

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_running_pipelinerun_ends_cancelled_and_then_cannot_be_cancelled_again() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("cancel").await.expect("namespace");
    let slow = RunScript::new().duration(Duration::from_secs(90));
    util::create(
        &cluster,
        &ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": "slow", "annotations": slow.annotations()},
            "spec": {"pipelineSpec": {"tasks": [{"name": "wait", "taskSpec": {"steps": [
                {"name": "sleep", "image": "alpine", "script": "true"}]}}]}},
        }),
    )
    .await;
    // Running: its TaskRun has started.
    util::wait_until(&util::api(&cluster, &ns, "TaskRun"), "slow-wait", |run| {
        util::condition(run) == ("Unknown".to_owned(), "Running".to_owned())
    })
    .await;

    let out = kt(&cluster, &ns, &["cancel", "slow"]).await;
    out.expect_code(0);
    assert_eq!(
        out.stdout,
        "PipelineRun slow is being cancelled (Cancelled)\n"
    );
    let run = util::finished(&cluster, &ns, "PipelineRun", "slow").await;
    assert_eq!(
        util::condition(&run),
        ("False".to_owned(), "Cancelled".to_owned())
    );

    let out = kt(&cluster, &ns, &["cancel", "pr", "slow"]).await;
    out.expect_code(1);
    assert_eq!(
        out.stderr,
        "error: PipelineRun `slow` has already finished (Cancelled); there is nothing to cancel\n"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_running_taskrun_ends_cancelled() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("cancel-tr").await.expect("namespace");
    util::create(&cluster, &ns, util::task("wait", &["sleep"], json!([]))).await;
    let slow = RunScript::new().duration(Duration::from_secs(90));
    util::create(
        &cluster,
        &ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "TaskRun",
            "metadata": {"name": "slow", "annotations": slow.annotations()},
            "spec": {"taskRef": {"name": "wait"}},
        }),
    )
    .await;
    util::wait_until(&util::api(&cluster, &ns, "TaskRun"), "slow", |run| {
        util::condition(run).1 == "Running"
    })
    .await;
    let out = kt(&cluster, &ns, &["cancel", "tr", "slow", "--graceful"]).await;
    out.expect_code(2);
    assert!(
        out.stderr.contains("has no finally tasks"),
        "{}",
        out.stderr
    );
    let out = kt(&cluster, &ns, &["cancel", "tr", "slow"]).await;
    out.expect_code(0);
    let run = util::finished(&cluster, &ns, "TaskRun", "slow").await;
    assert_eq!(
        util::condition(&run),
        ("False".to_owned(), "TaskRunCancelled".to_owned())
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_graceful_cancel_lets_the_finally_tasks_run() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster
        .namespace("cancel-graceful")
        .await
        .expect("namespace");
    let slow = RunScript::new().duration(Duration::from_secs(90));
    let step = json!({"steps": [{"name": "sleep", "image": "alpine", "script": "true"}]});
    util::create(
        &cluster,
        &ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": "slow", "annotations": slow.annotations()},
            "spec": {"pipelineSpec": {
                "tasks": [{"name": "wait", "taskSpec": step}],
                "finally": [{"name": "cleanup", "taskSpec": step}],
            }},
        }),
    )
    .await;
    util::wait_until(&util::api(&cluster, &ns, "TaskRun"), "slow-wait", |run| {
        util::condition(run).1 == "Running"
    })
    .await;
    let out = kt(&cluster, &ns, &["cancel", "slow", "--graceful"]).await;
    out.expect_code(0);
    assert_eq!(
        out.stdout,
        "PipelineRun slow is being cancelled (CancelledRunFinally)\n"
    );
    // The finally task starts once the running task is cancelled; it runs 90 s too, so the
    // run is cancelled once more to end the test.
    util::wait_until(&util::api(&cluster, &ns, "TaskRun"), "slow-cleanup", |_| {
        true
    })
    .await;
    let run = util::api(&cluster, &ns, "PipelineRun")
        .get("slow")
        .await
        .expect("the run");
    assert_eq!(run.data["spec"]["status"], "CancelledRunFinally");
    let out = kt(&cluster, &ns, &["cancel", "slow"]).await;
    out.expect_code(0);
    let run = util::finished(&cluster, &ns, "PipelineRun", "slow").await;
    assert_eq!(util::condition(&run).0, "False");
}
