//! `kubectl tekton logs` end to end: the real binary against the local cluster
//! (`tests/cluster/up`), with scripted step output (tests/cluster/README.md).

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, SystemTime};

use kube::api::{Patch, PatchParams, PostParams};
use serde_json::{Value, json};
use tekton_model::v1::PipelineRun;
use tekton_testcluster::{Cluster, RequestFilter, RunScript, StepScript, TestNamespace, wait_for};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;

const RUN_TIMEOUT: Duration = Duration::from_secs(120);

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn plugin(cluster: &Cluster, ns: &TestNamespace, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kubectl-tekton"));
    command
        .env("KUBECONFIG", cluster.kubeconfig())
        .env_remove("NO_COLOR")
        .args(["-n", ns.name(), "logs"])
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    command
}

async fn logs(cluster: &Cluster, ns: &TestNamespace, args: &[&str]) -> Output {
    let out = tokio::time::timeout(RUN_TIMEOUT, plugin(cluster, ns, args).output())
        .await
        .expect("logs ends in time")
        .expect("run kubectl-tekton");
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A pipeline task with an inline Task of the given steps (each scripted by the run's
/// annotations through its step name).
fn task(name: &str, steps: &[&str]) -> Value {
    let steps: Vec<Value> = steps
        .iter()
        .map(|s| json!({"name": s, "image": "docker.io/library/alpine", "script": "true"}))
        .collect();
    json!({"name": name, "taskSpec": {"steps": steps}})
}

async fn create(
    cluster: &Cluster,
    ns: &TestNamespace,
    name: &str,
    script: &RunScript,
    spec: Value,
) {
    let annotations: BTreeMap<String, String> = script.annotations();
    let run: PipelineRun = serde_json::from_value(json!({
        "apiVersion": "tekton.dev/v1",
        "kind": "PipelineRun",
        "metadata": {"name": name, "annotations": annotations},
        "spec": {"pipelineSpec": spec},
    }))
    .expect("a valid PipelineRun");
    cluster
        .api::<PipelineRun>(ns)
        .create(&PostParams::default(), &run)
        .await
        .expect("create the PipelineRun");
}

async fn finished(cluster: &Cluster, ns: &TestNamespace, name: &str) {
    wait_for(&cluster.api::<PipelineRun>(ns), name, RUN_TIMEOUT, |run| {
        run.status
            .as_ref()
            .and_then(|s| s.status.condition("Succeeded"))
            .is_some_and(|c| c.status != "Unknown")
    })
    .await
    .expect("the run finishes");
}

/// The lines of `stdout` that carry `prefix` (`[task : step]`), without it.
fn lines_of<'a>(stdout: &'a str, prefix: &str) -> Vec<&'a str> {
    let prefix = format!("{prefix} ");
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .collect()
}

fn numbered(text: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{text} {i}")).collect()
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn three_parallel_tasks_followed_deliver_every_line_once_whole_and_in_order() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-parallel").await.expect("namespace");
    let mut script = RunScript::new();
    for i in 1..=3 {
        let every = Duration::from_millis(70 + 10 * i);
        script = script.step(
            format!("s{i}"),
            StepScript::new().numbered_lines(Duration::ZERO, 50, every, format!("p{i} line")),
        );
    }
    let spec = json!({"tasks": [task("p1", &["s1"]), task("p2", &["s2"]), task("p3", &["s3"])]});
    create(&cluster, &ns, "parallel", &script, spec).await;
    let out = logs(&cluster, &ns, &["pipelinerun", "parallel", "-f"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for i in 1..=3 {
        let got = lines_of(&out.stdout, &format!("[p{i} : s{i}]"));
        assert_eq!(got, numbered(&format!("p{i} line"), 50), "task p{i}");
    }
    // Nothing else: no line split, merged or repeated.
    assert_eq!(out.stdout.lines().count(), 150, "{}", out.stdout);
    assert!(
        out.stderr.contains("PipelineRun parallel succeeded"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_failing_task_then_finally_exits_1_and_the_summary_names_the_task() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-fail").await.expect("namespace");
    let script = RunScript::new()
        .step("compile", StepScript::new().line("compiling"))
        .step("boom", StepScript::new().line("about to fail").exit_code(3))
        .step("tidy", StepScript::new().line("cleaning up"));
    let mut fail = task("unit", &["boom"]);
    fail["runAfter"] = json!(["build"]);
    let spec = json!({"tasks": [task("build", &["compile"]), fail], "finally": [task("cleanup", &["tidy"])]});
    create(&cluster, &ns, "failing", &script, spec).await;
    let out = logs(&cluster, &ns, &["pipelinerun", "failing", "-f"]).await;
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "[build : compile] compiling",
            "[unit : boom] about to fail",
            "[cleanup : tidy] cleaning up"
        ]
    );
    let summary = out.stderr.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("PipelineRun failing failed after")
            && summary.contains("task unit failed")
            && summary.contains("exited with code 3"),
        "{summary}"
    );
    // Without --follow the exit status is 0 unless --exit-code asks for the run's.
    assert_eq!(logs(&cluster, &ns, &["failing"]).await.code, Some(0));
    assert_eq!(
        logs(&cluster, &ns, &["failing", "--exit-code"]).await.code,
        Some(1)
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_retried_task_shows_both_attempts_labelled() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-retry").await.expect("namespace");
    let script = RunScript::new()
        .step(
            "try",
            StepScript::new().line("first try fails").exit_code(1),
        )
        .attempt(
            2,
            RunScript::new().step("try", StepScript::new().line("second try passes")),
        );
    let mut flaky = task("flaky", &["try"]);
    flaky["retries"] = json!(1);
    create(&cluster, &ns, "retried", &script, json!({"tasks": [flaky]})).await;
    let out = logs(&cluster, &ns, &["pipelinerun", "retried", "-f"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        [
            "[flaky (attempt 1) : try] first try fails",
            "[flaky (attempt 2) : try] second try passes"
        ]
    );
    assert!(
        out.stderr.contains("[flaky] attempt 1 failed")
            && out.stderr.contains("retrying as attempt 2"),
        "{}",
        out.stderr
    );
    // Read again afterwards, in order, with the same labels.
    let again = logs(&cluster, &ns, &["pipelinerun", "retried"]).await;
    assert_eq!(again.stdout, out.stdout);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_matrix_fans_out_to_three_labelled_task_runs_and_a_skipped_task_says_why() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-matrix").await.expect("namespace");
    let script = RunScript::new().step("greet", StepScript::new().line("hello"));
    let mut fan = task("fan", &["greet"]);
    fan["matrix"] = json!({"params": [{"name": "os", "value": ["linux", "mac", "windows"]}]});
    fan["taskSpec"]["params"] = json!([{"name": "os"}]);
    let mut skipped = task("deploy", &["greet"]);
    skipped["when"] = json!([{"input": "staging", "operator": "in", "values": ["production"]}]);
    create(
        &cluster,
        &ns,
        "matrix",
        &script,
        json!({"tasks": [fan, skipped]}),
    )
    .await;
    let out = logs(&cluster, &ns, &["pipelinerun", "matrix", "-f"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut lines: Vec<&str> = out.stdout.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "[fan[0] : greet] hello",
            "[fan[1] : greet] hello",
            "[fan[2] : greet] hello"
        ]
    );
    assert!(
        out.stderr.contains(
            "[deploy] skipped: When Expressions evaluated to false (when: staging in [production])"
        ),
        "{}",
        out.stderr
    );
    // Read afterwards, the fan-out comes in its order.
    let again = logs(&cluster, &ns, &["matrix"]).await;
    assert_eq!(
        again.stdout,
        "[fan[0] : greet] hello\n[fan[1] : greet] hello\n[fan[2] : greet] hello\n"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_run_cancelled_while_followed_exits_2() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-cancel").await.expect("namespace");
    let script = RunScript::new()
        .step(
            "slow",
            StepScript::new().numbered_lines(
                Duration::ZERO,
                100,
                Duration::from_millis(500),
                "tick",
            ),
        )
        .duration(Duration::from_secs(60));
    create(
        &cluster,
        &ns,
        "cancelled",
        &script,
        json!({"tasks": [task("slow", &["slow"])]}),
    )
    .await;
    let mut child = plugin(&cluster, &ns, &["pipelinerun", "cancelled", "-f"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the follow");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = tokio::time::timeout(RUN_TIMEOUT, stdout.next_line())
        .await
        .expect("a first line in time")
        .expect("read stdout");
    assert_eq!(first.as_deref(), Some("[slow : slow] tick 1"));
    cluster
        .api::<PipelineRun>(&ns)
        .patch(
            "cancelled",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"status": "Cancelled"}})),
        )
        .await
        .expect("cancel the run");
    let mut stderr = String::new();
    let mut err = child.stderr.take().expect("stderr");
    let status = tokio::time::timeout(RUN_TIMEOUT, async {
        while stdout.next_line().await.expect("read stdout").is_some() {}
        err.read_to_string(&mut stderr).await.expect("read stderr");
        child.wait().await
    })
    .await
    .expect("the follow ends once the run is cancelled")
    .expect("wait");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("PipelineRun cancelled was cancelled"),
        "{stderr}"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn tail_timestamps_json_a_100000_character_line_and_bytes_that_are_not_utf8() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-window").await.expect("namespace");
    let script = RunScript::new()
        .step(
            "count",
            StepScript::new().numbered_lines(Duration::ZERO, 5, Duration::from_millis(100), "n"),
        )
        .step(
            "odd",
            StepScript::new()
                .long_line_at(Duration::ZERO, 100_000, "0123456789")
                .bytes_at(Duration::ZERO, vec![b'b', 0xff, 0xfe, b'\n'])
                .line("after"),
        );
    create(
        &cluster,
        &ns,
        "window",
        &script,
        json!({"tasks": [task("w", &["count", "odd"])]}),
    )
    .await;
    finished(&cluster, &ns, "window").await;

    let tail = logs(&cluster, &ns, &["window", "--tail", "2", "--step", "count"]).await;
    assert_eq!(tail.stdout, "[w : count] n 4\n[w : count] n 5\n");

    let stamped = logs(
        &cluster,
        &ns,
        &["window", "--timestamps", "--step", "count"],
    )
    .await;
    for (line, want) in stamped.stdout.lines().zip(numbered("n", 5)) {
        let rest = line.strip_prefix("[w : count] ").expect("prefix");
        let (time, text) = rest.split_once(' ').expect("a time");
        assert!(
            time.parse::<k8s_openapi::jiff::Timestamp>().is_ok(),
            "{time}"
        );
        assert_eq!(text, want);
    }
    assert_eq!(stamped.stdout.lines().count(), 5);

    let bare = logs(
        &cluster,
        &ns,
        &["window", "--prefix=false", "--step", "count"],
    )
    .await;
    assert_eq!(bare.stdout, "n 1\nn 2\nn 3\nn 4\nn 5\n");

    let text = logs(&cluster, &ns, &["window", "--step", "odd"]).await;
    let lines: Vec<&[u8]> = text.stdout.as_bytes().split(|&b| b == b'\n').collect();
    let long = format!("[w : odd] {}", "0123456789".repeat(10_000));
    assert_eq!(lines[0], long.as_bytes());
    assert_eq!(lines[2], b"[w : odd] after");

    let raw = plugin(&cluster, &ns, &["window", "--step", "odd"])
        .output()
        .await
        .expect("run");
    let raw_lines: Vec<&[u8]> = raw.stdout.split(|&b| b == b'\n').collect();
    assert_eq!(
        raw_lines[1], b"[w : odd] b\xff\xfe",
        "bytes pass through as they are"
    );

    let json = logs(&cluster, &ns, &["window", "-o", "json"]).await;
    let records: Vec<Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(records.len(), 8);
    assert_eq!(records[0]["task"], "w");
    assert_eq!(records[0]["step"], "count");
    assert_eq!(records[0]["attempt"], 1);
    assert_eq!(records[0]["line"], "n 1");
    assert!(
        records[0]["time"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    assert_eq!(records[5]["line"].as_str().map(str::len), Some(100_000));
    assert_eq!(records[6]["encoding"], "base64");
    assert_eq!(records[6]["line"], "Yv/+");
    assert_eq!(records[7]["line"], "after");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn since_shows_only_the_lines_of_the_last_seconds() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-since").await.expect("namespace");
    let script = RunScript::new().step(
        "s",
        StepScript::new()
            .line("old")
            .line_at(Duration::from_secs(12), "new"),
    );
    create(
        &cluster,
        &ns,
        "since",
        &script,
        json!({"tasks": [task("t", &["s"])]}),
    )
    .await;
    finished(&cluster, &ns, "since").await;
    let recent = logs(&cluster, &ns, &["since", "--since", "8s"]).await;
    assert_eq!(recent.stdout, "[t : s] new\n", "{}", recent.stderr);
    let all = logs(&cluster, &ns, &["since", "--since", "1h"]).await;
    assert_eq!(all.stdout, "[t : s] old\n[t : s] new\n");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_follow_across_an_api_server_restart_delivers_every_line_exactly_once() {
    tekton_testcluster::restart_spare_apiserver().expect("start the spare API server");
    let spare = Cluster::connect_spare()
        .await
        .expect("connect to the spare");
    let ns = spare.namespace("logs-restart").await.expect("namespace");
    let script = RunScript::new().step(
        "steady",
        StepScript::new().numbered_lines(Duration::ZERO, 80, Duration::from_millis(200), "line"),
    );
    create(
        &spare,
        &ns,
        "restarted",
        &script,
        json!({"tasks": [task("steady", &["steady"])]}),
    )
    .await;
    let started = SystemTime::now();
    let mut child = plugin(&spare, &ns, &["pipelinerun", "restarted", "-f"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the follow");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut seen = Vec::new();
    // Restart once some lines are out and the stream is in the middle of the log.
    while seen.len() < 10 {
        let line = tokio::time::timeout(RUN_TIMEOUT, stdout.next_line())
            .await
            .expect("lines in time")
            .expect("read stdout")
            .expect("more lines");
        seen.push(line);
    }
    let restart = tokio::task::spawn_blocking(tekton_testcluster::restart_spare_apiserver);
    let mut err = child.stderr.take().expect("stderr");
    let mut stderr = String::new();
    let status = tokio::time::timeout(RUN_TIMEOUT, async {
        while let Some(line) = stdout.next_line().await.expect("read stdout") {
            seen.push(line);
        }
        err.read_to_string(&mut stderr).await.expect("read stderr");
        child.wait().await
    })
    .await
    .expect("the follow ends")
    .expect("wait");
    restart
        .await
        .expect("join")
        .expect("restart the spare API server");
    assert_eq!(status.code(), Some(0), "{stderr}");
    let want: Vec<String> = numbered("line", 80)
        .into_iter()
        .map(|l| format!("[steady : steady] {l}"))
        .collect();
    assert_eq!(seen, want, "{stderr}");
    // The restart did break the stream: the log was asked again, from a whole second.
    let filter =
        RequestFilter::between(started, SystemTime::now()).user_agent_prefix("kubectl-tekton/");
    let requests = spare.audited_requests(&filter).await.expect("audit log");
    let log_requests: Vec<&str> = requests
        .iter()
        .map(|r| r.request_uri.as_str())
        .filter(|uri| uri.contains("/pods/restarted-steady-pod/log"))
        .collect();
    assert!(log_requests.len() >= 2, "{log_requests:?}");
    assert!(
        log_requests[1..]
            .iter()
            .all(|uri| uri.contains("sinceTime=")),
        "{log_requests:?}"
    );
}
