//! `start`: from a cluster Task and Pipeline and from a local file; problems with params and
//! workspaces refused before anything is created.

use std::time::SystemTime;

use serde_json::json;
use tekton_testcluster::{Cluster, RequestFilter};

use crate::util::{self, kt, kt_with};

/// The name in `TaskRun started: NAME`.
fn started(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.split_once(" started: ").map(|(_, name)| name.to_owned()))
        .unwrap_or_else(|| panic!("no run started in:\n{stdout}"))
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_cluster_task_starts_with_typed_params_and_a_workspace_and_succeeds() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("start-task").await.expect("namespace");
    let mut task = util::task(
        "build",
        &["compile"],
        json!([{"name": "target"}, {"name": "flags", "type": "array", "default": []}]),
    );
    task["spec"]["workspaces"] = json!([{"name": "src"}]);
    util::create(&cluster, &ns, task).await;
    let out = kt(
        &cluster,
        &ns,
        &[
            "start",
            "task",
            "build",
            "-p",
            "target=all",
            "-p",
            "flags=-v,-x",
            "-w",
            "name=src,emptyDir=",
            "-l",
            "team=ci",
            "-s",
            "default",
            "--timeout",
            "5m",
        ],
    )
    .await;
    out.expect_code(0);
    let name = started(&out.stdout);
    assert!(name.starts_with("build-run-"), "{name}");
    let run = util::finished(&cluster, &ns, "TaskRun", &name).await;
    assert_eq!(util::condition(&run).0, "True", "{:?}", run.data["status"]);
    let spec = &run.data["spec"];
    assert_eq!(spec["taskRef"]["name"], "build");
    assert_eq!(
        spec["params"],
        json!([{"name": "target", "value": "all"}, {"name": "flags", "value": ["-v", "-x"]}])
    );
    assert_eq!(spec["workspaces"], json!([{"name": "src", "emptyDir": {}}]));
    // Tekton writes the duration back in Go's own form.
    assert_eq!(spec["timeout"], "5m0s");
    assert_eq!(
        run.metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("team"))
            .map(String::as_str),
        Some("ci")
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_cluster_pipeline_starts_with_its_param_defaults_and_succeeds() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster
        .namespace("start-pipeline")
        .await
        .expect("namespace");
    util::create(
        &cluster,
        &ns,
        util::task("step", &["run"], json!([{"name": "env"}])),
    )
    .await;
    util::create(
        &cluster,
        &ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "Pipeline", "metadata": {"name": "ci"},
            "spec": {
                "params": [{"name": "env", "default": "dev"}],
                "tasks": [{"name": "one", "taskRef": {"name": "step"},
                    "params": [{"name": "env", "value": "$(params.env)"}]}],
            },
        }),
    )
    .await;
    let out = kt(
        &cluster,
        &ns,
        &[
            "start",
            "pipeline",
            "ci",
            "--use-param-defaults",
            "-s",
            "default",
        ],
    )
    .await;
    out.expect_code(0);
    let name = started(&out.stdout);
    let run = util::finished(&cluster, &ns, "PipelineRun", &name).await;
    assert_eq!(util::condition(&run).0, "True", "{:?}", run.data["status"]);
    assert_eq!(run.data["spec"]["pipelineRef"]["name"], "ci");
    assert_eq!(
        run.data["spec"]["taskRunTemplate"]["serviceAccountName"],
        "default"
    );
}

const LOCAL_TASK: &str = "apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: hello
spec:
  params:
    - name: who
  steps:
    - name: greet
      image: alpine
      script: echo hello $(params.who)
";

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_local_task_file_runs_embedded_without_being_applied() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("start-file").await.expect("namespace");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("hello.yaml");
    std::fs::write(&file, LOCAL_TASK).expect("write the Task");
    let path = file.to_str().expect("a UTF-8 path");
    let out = kt(&cluster, &ns, &["start", "-f", path, "-p", "who=world"]).await;
    out.expect_code(0);
    let name = started(&out.stdout);
    let run = util::finished(&cluster, &ns, "TaskRun", &name).await;
    assert_eq!(util::condition(&run).0, "True", "{:?}", run.data["status"]);
    assert_eq!(run.data["spec"]["taskSpec"]["steps"][0]["name"], "greet");
    assert!(
        util::names(&cluster, &ns, "Task").await.is_empty(),
        "nothing was applied"
    );
}

#[tokio::test]
async fn a_dry_run_of_a_local_file_needs_no_cluster() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("hello.yaml");
    std::fs::write(&file, LOCAL_TASK).expect("write the Task");
    let missing = dir.path().join("no-kubeconfig");
    let path = file.to_str().expect("a UTF-8 path");
    let out = kt_with(
        Some(&missing),
        &[
            "start",
            "-f",
            path,
            "-p",
            "who=world",
            "--dry-run",
            "--name",
            "hello-1",
        ],
    )
    .await;
    out.expect_code(0);
    insta::assert_snapshot!(out.stdout, @r"
    apiVersion: tekton.dev/v1
    kind: TaskRun
    metadata:
      name: hello-1
    spec:
      params:
      - name: who
        value: world
      taskSpec:
        params:
        - name: who
        steps:
        - image: alpine
          name: greet
          script: echo hello $(params.who)
    ");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn param_and_workspace_problems_are_each_reported_and_nothing_is_created() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("start-refused").await.expect("namespace");
    let mut task = util::task(
        "deploy",
        &["apply"],
        json!([
            {"name": "image"},
            {"name": "replicas", "default": "1"},
            {"name": "hosts", "type": "array", "default": []},
        ]),
    );
    task["spec"]["workspaces"] = json!([{"name": "manifests"}]);
    util::create(&cluster, &ns, task).await;
    let param_file = tempfile::NamedTempFile::new().expect("a param file");
    std::fs::write(param_file.path(), "hosts: a.example\n").expect("write the param file");
    let since = SystemTime::now();
    let out = kt(
        &cluster,
        &ns,
        &[
            "start",
            "task",
            "deploy",
            "-p",
            "replica=2",
            "--param-file",
            param_file.path().to_str().expect("a UTF-8 path"),
            "-w",
            "name=manifest,emptyDir=",
        ],
    )
    .await;
    out.expect_code(1);
    insta::assert_snapshot!(out.stderr, @r"
    error: param `image` has no default and is not given: pass it with -p image=VALUE
    error: `hosts` is declared array but given string: write it as -p hosts=a,b,c
    error: the Task declares no param `replica`: did you mean -p replicas=VALUE?
    error: workspace `manifests` is required but not bound: bind it with -w name=manifests,emptyDir= (or claimName=PVC, config=CONFIGMAP, secret=SECRET)
    error: the Task declares no workspace `manifest`: did you mean -w name=manifests,...?
    error: 5 problems with the params or workspaces of Task `deploy`: nothing was created
    ");
    assert!(util::names(&cluster, &ns, "TaskRun").await.is_empty());
    let requests = cluster
        .audited_requests(
            &RequestFilter::between(since, SystemTime::now()).user_agent_prefix("kubectl-tekton/"),
        )
        .await
        .expect("the audit log");
    let ours: Vec<&str> = requests
        .iter()
        .filter(|r| r.request_uri.contains(ns.name()))
        .map(|r| r.verb.as_str())
        .collect();
    assert_eq!(ours, ["get"], "only the Task was read: {ours:?}");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_value_outside_a_params_enum_is_refused_with_the_allowed_values() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("start-enum").await.expect("namespace");
    util::create(
        &cluster,
        &ns,
        util::task(
            "ship",
            &["go"],
            json!([{"name": "mode", "enum": ["fast", "safe"], "default": "safe"}]),
        ),
    )
    .await;
    let out = kt(
        &cluster,
        &ns,
        &["start", "task", "ship", "-p", "mode=quick"],
    )
    .await;
    out.expect_code(1);
    assert!(
        out.stderr
            .contains("error: `quick` is not in the enum of param `mode`: pass one of fast, safe"),
        "{}",
        out.stderr
    );
    assert!(util::names(&cluster, &ns, "TaskRun").await.is_empty());
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn on_a_terminal_missing_values_are_asked_for() {
    use std::process::Stdio;
    use tokio::io::AsyncWriteExt;

    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("start-prompt").await.expect("namespace");
    util::create(
        &cluster,
        &ns,
        util::task("greet", &["hello"], json!([{"name": "who"}])),
    )
    .await;
    // `script` gives the plugin a terminal and types what we write on its stdin.
    let plugin = env!("CARGO_BIN_EXE_kubectl-tekton");
    let line = format!("{plugin} -n {} start task greet", ns.name());
    let mut child = tokio::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("KUBECONFIG", cluster.kubeconfig())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run script");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"world\n").await.expect("answer");
    let out = tokio::time::timeout(util::TIMEOUT, child.wait_with_output())
        .await
        .expect("ends in time")
        .expect("script runs");
    drop(stdin);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("param `who` (string; as VALUE): "), "{text}");
    // The terminal echoes the answer when it is typed, which may be before the question shows.
    let name = text
        .lines()
        .find_map(|l| l.split_once("TaskRun started: "))
        .map(|(_, name)| name.trim().to_owned())
        .unwrap_or_else(|| panic!("no TaskRun started:\n{text}"));
    let run = util::finished(&cluster, &ns, "TaskRun", &name).await;
    assert_eq!(
        run.data["spec"]["params"],
        json!([{"name": "who", "value": "world"}])
    );
}
