//! `create -f`: runs from files and stdin, linted first.

use std::process::Stdio;

use serde_json::json;
use tekton_testcluster::Cluster;

use crate::util::{self, kt};

const RUNS: &str = "apiVersion: tekton.dev/v1
kind: TaskRun
metadata:
  generateName: unit-
spec:
  taskRef:
    name: step
---
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: pipeline-once
spec:
  pipelineSpec:
    tasks:
      - name: only
        taskRef:
          name: step
";

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn every_run_of_a_file_is_created_and_named() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("create").await.expect("namespace");
    util::create(&cluster, &ns, util::task("step", &["run"], json!([]))).await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("runs.yaml");
    std::fs::write(&file, RUNS).expect("write the runs");
    let out = kt(
        &cluster,
        &ns,
        &["create", "-f", file.to_str().expect("a UTF-8 path")],
    )
    .await;
    out.expect_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    let task_run = lines[0]
        .strip_prefix("taskrun.tekton.dev/")
        .and_then(|l| l.strip_suffix(" created"))
        .expect("the TaskRun's name");
    assert!(
        task_run.starts_with("unit-") && task_run.len() == "unit-".len() + 5,
        "{task_run}"
    );
    assert_eq!(lines[1], "pipelinerun.tekton.dev/pipeline-once created");
    assert!(
        util::names(&cluster, &ns, "TaskRun")
            .await
            .contains(&task_run.to_owned())
    );
    let run = util::finished(&cluster, &ns, "PipelineRun", "pipeline-once").await;
    assert_eq!(util::condition(&run).0, "True");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_file_the_linter_rejects_is_shown_as_check_shows_it_and_nothing_is_created() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("create-lint").await.expect("namespace");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("runs.yaml");
    let broken = RUNS.replacen(
        "  taskRef:\n    name: step\n",
        "  taskRef:\n    name: step\n  serviceAcountName: x\n",
        1,
    );
    std::fs::write(&file, broken).expect("write the runs");
    let out = kt(
        &cluster,
        &ns,
        &["create", "-f", file.to_str().expect("a UTF-8 path")],
    )
    .await;
    out.expect_code(1);
    assert!(
        out.stderr
            .contains("unknown field `serviceAcountName`; did you mean `serviceAccountName`?"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("runs.yaml:8:3"),
        "check's position: {}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with("nothing was sent to the cluster\n"),
        "{}",
        out.stderr
    );
    assert!(util::names(&cluster, &ns, "TaskRun").await.is_empty());
    assert!(util::names(&cluster, &ns, "PipelineRun").await.is_empty());
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn runs_come_from_stdin_too() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("create-stdin").await.expect("namespace");
    let mut command = util::command(
        Some(cluster.kubeconfig()),
        &["-n", ns.name(), "create", "-f", "-", "-o", "name"],
    );
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("run kubectl-tekton");
    let mut stdin = child.stdin.take().expect("stdin");
    tokio::io::AsyncWriteExt::write_all(&mut stdin, RUNS.as_bytes())
        .await
        .expect("write stdin");
    drop(stdin);
    let out = child.wait_with_output().await.expect("the plugin ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("taskrun.tekton.dev/unit-"), "{stdout}");
    assert!(
        stdout.ends_with("pipelinerun.tekton.dev/pipeline-once\n"),
        "{stdout}"
    );
}
