//! `delete`: by name, `--all --keep`, and the refusal without a terminal.

use std::time::Duration;

use serde_json::json;
use tekton_testcluster::{Cluster, TestNamespace};

use crate::util::{self, kt};

async fn pending(cluster: &Cluster, ns: &TestNamespace, name: &str) {
    util::create(cluster, ns, util::pending(name, json!({}))).await;
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn all_but_the_newest_two_are_deleted_and_only_when_confirmed() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("delete").await.expect("namespace");
    // Creation times have whole seconds: one second apart, oldest first.
    for name in ["e-oldest", "d", "c", "b", "a-newest"] {
        pending(&cluster, &ns, name).await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    // Without a terminal to ask on, and without -y: refused, nothing deleted.
    let out = kt(
        &cluster,
        &ns,
        &["delete", "pr", "--all", "--keep", "2", "--include-running"],
    )
    .await;
    out.expect_code(2);
    assert!(out.stderr.contains("not deleting 3 runs"), "{}", out.stderr);
    assert!(out.stderr.contains("pass -y"), "{}", out.stderr);
    assert_eq!(util::names(&cluster, &ns, "PipelineRun").await.len(), 5);

    let out = kt(
        &cluster,
        &ns,
        &[
            "delete",
            "pr",
            "--all",
            "--keep",
            "2",
            "--include-running",
            "-y",
        ],
    )
    .await;
    out.expect_code(0);
    let mut deleted: Vec<&str> = out.stdout.lines().collect();
    deleted.sort();
    assert_eq!(
        deleted,
        [
            "pipelinerun.tekton.dev/c deleted",
            "pipelinerun.tekton.dev/d deleted",
            "pipelinerun.tekton.dev/e-oldest deleted",
        ]
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        util::names(&cluster, &ns, "PipelineRun").await,
        ["a-newest", "b"]
    );

    // By name: a typo deletes nothing at all.
    let out = kt(&cluster, &ns, &["delete", "a-newest", "bb", "-y"]).await;
    out.expect_code(1);
    assert!(out.stderr.contains("`bb` not found"), "{}", out.stderr);
    assert_eq!(util::names(&cluster, &ns, "PipelineRun").await.len(), 2);
    let out = kt(&cluster, &ns, &["delete", "pr", "a-newest", "b", "-y"]).await;
    out.expect_code(0);
    assert_eq!(out.stdout.lines().count(), 2);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn runs_still_running_are_kept_by_default() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster
        .namespace("delete-running")
        .await
        .expect("namespace");
    pending(&cluster, &ns, "waiting").await;
    let out = kt(&cluster, &ns, &["delete", "pr", "--all", "-y"]).await;
    out.expect_code(0);
    assert!(
        out.stderr.contains("Keeping 1 PipelineRun still running"),
        "{}",
        out.stderr
    );
    assert_eq!(util::names(&cluster, &ns, "PipelineRun").await, ["waiting"]);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn keep_since_spares_the_recent_runs() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("delete-since").await.expect("namespace");
    pending(&cluster, &ns, "old-1").await;
    pending(&cluster, &ns, "old-2").await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    pending(&cluster, &ns, "new").await;
    let out = kt(
        &cluster,
        &ns,
        &[
            "delete",
            "pr",
            "--all",
            "--keep-since",
            "2s",
            "--include-running",
            "-y",
        ],
    )
    .await;
    out.expect_code(0);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(util::names(&cluster, &ns, "PipelineRun").await, ["new"]);
}
