//! `kubectl tekton logs` end to end: the real binary against the local cluster
//! (`tests/cluster/up`), with scripted step output (tests/cluster/README.md).

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, SystemTime};

use kube::Api;
use kube::api::{ApiResource, DynamicObject, GroupVersionKind, Patch, PatchParams, PostParams};
use serde_json::{Value, json};
use tekton_model::v1::{PipelineRun, Task, TaskRun};
use tekton_testcluster::{
    AuditedRequest, Cluster, RequestFilter, RunScript, StepScript, TestNamespace, wait_for,
};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

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

/// A follow left running while the test acts on the run, read line by line.
struct Follow {
    child: Child,
    stdout: Lines<BufReader<ChildStdout>>,
}

impl Follow {
    fn start(cluster: &Cluster, ns: &TestNamespace, args: &[&str]) -> Self {
        let mut child = plugin(cluster, ns, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the follow");
        let stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
        Self { child, stdout }
    }

    /// The next line on stdout (`None` at its end), within [`RUN_TIMEOUT`].
    async fn next_line(&mut self) -> Option<String> {
        tokio::time::timeout(RUN_TIMEOUT, self.stdout.next_line())
            .await
            .expect("a line in time")
            .expect("read stdout")
    }

    fn pid(&self) -> String {
        self.child.id().expect("the follow runs").to_string()
    }

    /// The rest of stdout's lines, and how the follow ended, within `limit`.
    async fn finish(mut self, limit: Duration) -> (Vec<String>, Output) {
        let mut err = self.child.stderr.take().expect("stderr");
        let ended = tokio::time::timeout(limit, async {
            let mut rest = Vec::new();
            while let Some(line) = self.stdout.next_line().await.expect("read stdout") {
                rest.push(line);
            }
            let mut stderr = String::new();
            err.read_to_string(&mut stderr).await.expect("read stderr");
            let status = self.child.wait().await.expect("wait");
            (rest, stderr, status)
        })
        .await;
        let (rest, stderr, status) = ended.expect("the follow ends in time");
        let output = Output {
            code: status.code(),
            stdout: rest.join("\n"),
            stderr,
        };
        (rest, output)
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
    let mut follow = Follow::start(&cluster, &ns, &["pipelinerun", "cancelled", "-f"]);
    let first = follow.next_line().await;
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
    let (_, out) = follow.finish(RUN_TIMEOUT).await;
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("PipelineRun cancelled was cancelled"),
        "{}",
        out.stderr
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
    let mut follow = Follow::start(&spare, &ns, &["pipelinerun", "restarted", "-f"]);
    let mut seen = Vec::new();
    // Restart once some lines are out and the stream is in the middle of the log.
    while seen.len() < 10 {
        seen.push(follow.next_line().await.expect("more lines"));
    }
    let restart = tokio::task::spawn_blocking(tekton_testcluster::restart_spare_apiserver);
    let (rest, out) = follow.finish(RUN_TIMEOUT).await;
    seen.extend(rest);
    restart
        .await
        .expect("join")
        .expect("restart the spare API server");
    let stderr = out.stderr;
    assert_eq!(out.code, Some(0), "{stderr}");
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
        .filter(|uri| {
            // Only this test's: another test run may be following its own copy.
            uri.contains(&format!(
                "/namespaces/{}/pods/restarted-steady-pod/log",
                ns.name()
            ))
        })
        .collect();
    assert!(log_requests.len() >= 2, "{log_requests:?}");
    assert!(
        log_requests[1..]
            .iter()
            .all(|uri| uri.contains("sinceTime=")),
        "{log_requests:?}"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn child_pipeline_runs_are_followed_and_labelled_with_their_parent_task() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-nested").await.expect("namespace");
    let script = RunScript::new().step(
        "s",
        StepScript::new()
            .line("one")
            .line_at(Duration::from_millis(300), "two"),
    );
    let mut inner_b = task("b", &["s"]);
    inner_b["runAfter"] = json!(["a"]);
    let inner = json!({
        "name": "inner",
        "runAfter": ["prep"],
        "pipelineSpec": {"tasks": [task("a", &["s"]), inner_b]},
    });
    let spec = json!({"tasks": [task("prep", &["s"]), inner], "finally": [task("last", &["s"])]});
    create(&cluster, &ns, "nested", &script, spec).await;
    let out = logs(&cluster, &ns, &["pipelinerun", "nested", "-f"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let want = [
        "[prep : s] one",
        "[prep : s] two",
        "[inner/a : s] one",
        "[inner/a : s] two",
        "[inner/b : s] one",
        "[inner/b : s] two",
        "[last : s] one",
        "[last : s] two",
    ];
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), want);
    // Read afterwards: the same, in the same order.
    let again = logs(&cluster, &ns, &["nested"]).await;
    assert_eq!(again.stdout, out.stdout, "{}", again.stderr);
    // --task names the outer task (the whole child run) or an inner one.
    let inner_only = logs(&cluster, &ns, &["nested", "--task", "inner"]).await;
    assert_eq!(inner_only.stdout.lines().collect::<Vec<_>>(), want[2..6]);
    let b_only = logs(&cluster, &ns, &["nested", "-f", "--task", "inner/b"]).await;
    assert_eq!(b_only.stdout.lines().collect::<Vec<_>>(), want[4..6]);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_custom_run_gets_one_line_saying_it_cannot_be_streamed() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-custom").await.expect("namespace");
    let script = RunScript::new().step("hello", StepScript::new().line("hello"));
    let custom =
        json!({"name": "approve", "taskRef": {"apiVersion": "example.dev/v1", "kind": "Approval"}});
    let mut greet = task("greet", &["hello"]);
    greet["runAfter"] = json!(["approve"]);
    create(
        &cluster,
        &ns,
        "custom",
        &script,
        json!({"tasks": [custom, greet]}),
    )
    .await;
    let follow = Follow::start(&cluster, &ns, &["pipelinerun", "custom", "-f"]);
    // Nothing here runs custom tasks: the test plays their controller and approves.
    let custom_runs: Api<DynamicObject> = Api::namespaced_with(
        cluster.client(),
        ns.name(),
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("tekton.dev", "v1beta1", "CustomRun"),
            "customruns",
        ),
    );
    let deadline = tokio::time::Instant::now() + RUN_TIMEOUT;
    while custom_runs
        .get_opt("custom-approve")
        .await
        .expect("read the CustomRun")
        .is_none()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no CustomRun custom-approve"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = k8s_openapi::jiff::Timestamp::now().to_string();
    let done = json!({"status": {"conditions": [
        {"type": "Succeeded", "status": "True", "reason": "Approved", "lastTransitionTime": now}
    ]}});
    custom_runs
        .patch_status(
            "custom-approve",
            &PatchParams::default(),
            &Patch::Merge(done),
        )
        .await
        .expect("approve the CustomRun");
    let (lines, out) = follow.finish(RUN_TIMEOUT).await;
    let stderr = out.stderr;
    assert_eq!(out.code, Some(0), "{stderr}");
    assert_eq!(lines, ["[greet : hello] hello"]);
    let note = "[approve] runs as CustomRun custom-approve: a custom task has no pod, so there is no log to stream (see `kubectl get customrun custom-approve`)";
    assert_eq!(stderr.matches(note).count(), 1, "{stderr}");
    let again = logs(&cluster, &ns, &["custom"]).await;
    assert_eq!(again.stderr.matches(note).count(), 1, "{}", again.stderr);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn an_image_that_cannot_be_pulled_is_reported_and_the_follow_fails() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-pull").await.expect("namespace");
    let script = RunScript::new().never_starts(
        "ImagePullBackOff",
        "Back-off pulling image \"registry.invalid/tools:1\"",
    );
    let mut build = task("build", &["compile"]);
    build["taskSpec"]["steps"][0]["image"] = json!("registry.invalid/tools:1");
    create(&cluster, &ns, "pull", &script, json!({"tasks": [build]})).await;
    let out = logs(&cluster, &ns, &["pipelinerun", "pull", "-f"]).await;
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    // Whether the follow saw the container waiting or Tekton's verdict on it first,
    // the last line names the task and says why.
    let last = out.stderr.lines().last().unwrap_or_default();
    assert!(
        last.contains("build")
            && last.contains(r#"Back-off pulling image "registry.invalid/tools:1""#),
        "{}",
        out.stderr
    );
    // The pod Tekton deleted never ran: no warning that its log is missing.
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_pod_that_can_never_start_ends_the_follow_with_an_error() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-never").await.expect("namespace");
    // Tekton waits on ErrImagePull (the kubelet retries it), so the run would wait forever.
    let script = RunScript::new().never_starts(
        "ErrImagePull",
        "failed to pull image \"registry.invalid/tools:1\": not found",
    );
    let run: TaskRun = serde_json::from_value(json!({
        "apiVersion": "tekton.dev/v1",
        "kind": "TaskRun",
        "metadata": {"name": "stuck", "annotations": script.annotations()},
        "spec": {"taskSpec": {"steps": [
            {"name": "compile", "image": "registry.invalid/tools:1", "script": "true"}
        ]}},
    }))
    .expect("a valid TaskRun");
    cluster
        .api::<TaskRun>(&ns)
        .create(&PostParams::default(), &run)
        .await
        .expect("create the TaskRun");
    let out = logs(&cluster, &ns, &["taskrun", "stuck", "-f"]).await;
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stderr.lines().last(),
        Some(
            r#"[stuck] step compile cannot start: ErrImagePull: failed to pull image "registry.invalid/tools:1": not found"#
        ),
        "{}",
        out.stderr
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn ctrl_c_stops_a_follow_cleanly_and_says_where_each_log_stopped() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster
        .namespace("logs-interrupt")
        .await
        .expect("namespace");
    let script = RunScript::new().step(
        "slow",
        StepScript::new().numbered_lines(Duration::ZERO, 100, Duration::from_millis(300), "tick"),
    );
    create(
        &cluster,
        &ns,
        "interrupted",
        &script,
        json!({"tasks": [task("slow", &["slow"])]}),
    )
    .await;
    let mut follow = Follow::start(&cluster, &ns, &["pipelinerun", "interrupted", "-f"]);
    for want in numbered("[slow : slow] tick", 3) {
        assert_eq!(follow.next_line().await, Some(want));
    }
    let sent = Command::new("kill")
        .args(["-INT", &follow.pid()])
        .status()
        .await
        .expect("run kill");
    assert!(sent.success());
    // At once: the run itself goes on for 30 s.
    let (rest, out) = follow.finish(Duration::from_secs(10)).await;
    let stderr = out.stderr;
    assert_eq!(out.code, Some(130), "{stderr}");
    // Whole lines up to where it stopped, none after: the run goes on for 30 s.
    let shown = 3 + rest.len();
    assert!(shown < 100, "{rest:?}");
    assert_eq!(rest, numbered("[slow : slow] tick", shown)[3..]);
    let mut said = stderr.lines();
    assert_eq!(
        said.next(),
        Some("interrupted: stopped showing PipelineRun interrupted"),
        "{stderr}"
    );
    let stopped = said.next().unwrap_or_default();
    let time = stopped
        .strip_prefix("  [slow : slow] last line stamped ")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        time.parse::<k8s_openapi::jiff::Timestamp>().is_ok(),
        "{stderr}"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_pod_that_starts_late_is_waited_for_with_a_status_line_on_a_terminal() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-late").await.expect("namespace");
    // Later than tkn's fixed 10 s wait for a pod.
    let delay = Duration::from_secs(11);
    let script = RunScript::new()
        .step("s", StepScript::new().line("finally running"))
        .start_delay(delay);
    create(
        &cluster,
        &ns,
        "late",
        &script,
        json!({"tasks": [task("late", &["s"])]}),
    )
    .await;
    // `script` gives the follow a terminal, where the status line is drawn.
    let follow = [
        env!("CARGO_BIN_EXE_kubectl-tekton"),
        "-n",
        ns.name(),
        "logs",
        "pipelinerun",
        "late",
        "-f",
    ]
    .join(" ");
    let started = std::time::Instant::now();
    let out = tokio::time::timeout(
        RUN_TIMEOUT,
        Command::new("script")
            .args(["-q", "-e", "-c", &follow, "/dev/null"])
            .env("KUBECONFIG", cluster.kubeconfig())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("the follow ends")
    .expect("run script");
    let terminal = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert_eq!(out.status.code(), Some(0), "{terminal}");
    assert!(started.elapsed() > delay);
    // The status, then erased (ESC [2K) for the line.
    let status = terminal.find("waiting for late").expect(&terminal);
    let erased = terminal[status..].find("\x1b[2K").expect(&terminal);
    let line = terminal
        .find("[late : s] finally running\n")
        .expect(&terminal);
    assert!(status + erased < line, "{terminal}");
    assert!(
        terminal.contains("\nPipelineRun late succeeded in "),
        "{terminal}"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_line_over_64_kib_arrives_whole_while_following() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-long").await.expect("namespace");
    let script = RunScript::new().step(
        "s",
        StepScript::new()
            .line("before")
            .long_line_at(Duration::from_millis(500), 100_000, "0123456789")
            .line_at(Duration::from_secs(1), "after"),
    );
    create(
        &cluster,
        &ns,
        "long",
        &script,
        json!({"tasks": [task("t", &["s"])]}),
    )
    .await;
    let out = logs(&cluster, &ns, &["pipelinerun", "long", "-f", "-o", "json"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines: Vec<String> = out
        .stdout
        .lines()
        .map(|l| {
            let record: Value = serde_json::from_str(l).expect("one JSON object per line");
            record["line"].as_str().expect("a text line").to_owned()
        })
        .collect();
    assert_eq!(
        lines,
        ["before", &"0123456789".repeat(10_000), "after"].map(str::to_owned)
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn task_picks_tasks_and_all_adds_init_containers_and_sidecars() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-filters").await.expect("namespace");
    let script = RunScript::new().step(
        "s",
        StepScript::new()
            .line("step one")
            .line_at(Duration::from_millis(300), "step two"),
    );
    let mut annotations = script.annotations();
    // Tekton's init container and a sidecar, by container name.
    annotations.insert("kt.test/log.prepare".to_owned(), "prepared".to_owned());
    annotations.insert(
        "kt.test/log.sidecar-helper".to_owned(),
        "helping".to_owned(),
    );
    let mut one = task("one", &["s"]);
    one["taskSpec"]["sidecars"] =
        json!([{"name": "helper", "image": "docker.io/library/alpine", "script": "true"}]);
    let mut two = task("two", &["s"]);
    two["runAfter"] = json!(["one"]);
    let mut three = task("three", &["s"]);
    three["runAfter"] = json!(["two"]);
    let run: PipelineRun = serde_json::from_value(json!({
        "apiVersion": "tekton.dev/v1",
        "kind": "PipelineRun",
        "metadata": {"name": "filters", "annotations": annotations},
        "spec": {"pipelineSpec": {"tasks": [one, two, three]}},
    }))
    .expect("a valid PipelineRun");
    cluster
        .api::<PipelineRun>(&ns)
        .create(&PostParams::default(), &run)
        .await
        .expect("create the PipelineRun");

    let followed = logs(
        &cluster,
        &ns,
        &["filters", "-f", "--task", "one", "--task", "three"],
    )
    .await;
    assert_eq!(followed.code, Some(0), "{}", followed.stderr);
    let want = [
        "[one : s] step one",
        "[one : s] step two",
        "[three : s] step one",
        "[three : s] step two",
    ];
    assert_eq!(followed.stdout.lines().collect::<Vec<_>>(), want);
    let read = logs(
        &cluster,
        &ns,
        &["filters", "--task", "one", "--task", "three"],
    )
    .await;
    assert_eq!(read.stdout, followed.stdout);

    // --all: the init containers before the steps, the sidecars after them.
    let all = logs(&cluster, &ns, &["filters", "--all", "--task", "one"]).await;
    assert_eq!(
        all.stdout.lines().collect::<Vec<_>>(),
        [
            "[one : prepare] prepared",
            "[one : s] step one",
            "[one : s] step two",
            "[one : sidecar-helper] helping"
        ]
    );
    let without = logs(&cluster, &ns, &["filters", "--task", "one"]).await;
    assert_eq!(without.stdout.lines().collect::<Vec<_>>(), want[..2]);
}

/// What a request asked for, the same in any namespace: its verb and path (a watch's
/// resourceVersion and the namespace's name left out).
fn request_shape(request: &AuditedRequest, ns: &TestNamespace) -> String {
    let path = request.request_uri.split('?').next().unwrap_or_default();
    format!(
        "{} {}",
        request.verb,
        path.replace(&format!("/namespaces/{}/", ns.name()), "/namespaces/NS/")
    )
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_live_follow_makes_the_same_requests_however_often_the_run_changes() {
    let cluster = Cluster::connect().await.expect("connect");
    // The same live run twice, followed side by side: one left alone, the other
    // updated over and over while it is followed.
    let quiet = cluster.namespace("logs-quiet").await.expect("namespace");
    let busy = cluster.namespace("logs-busy").await.expect("namespace");
    let mut script = RunScript::new();
    let mut tasks = Vec::new();
    for i in 1..=5 {
        script = script.step(
            format!("s{i}"),
            StepScript::new().numbered_lines(
                Duration::ZERO,
                20,
                Duration::from_millis(150),
                format!("t{i} line"),
            ),
        );
        tasks.push(task(&format!("t{i}"), &[&format!("s{i}")]));
    }
    let spec = json!({ "tasks": tasks });
    create(&cluster, &quiet, "live", &script, spec.clone()).await;
    create(&cluster, &busy, "live", &script, spec).await;
    let started = SystemTime::now();
    let follow_quiet = logs(&cluster, &quiet, &["pipelinerun", "live", "-f"]);
    let follow_busy = async {
        let out = logs(&cluster, &busy, &["pipelinerun", "live", "-f"]).await;
        (out, SystemTime::now())
    };
    const UPDATES: usize = 40;
    let update = async {
        let runs = cluster.api::<PipelineRun>(&busy);
        for i in 0..UPDATES {
            let touch = json!({"metadata": {"annotations": {"kt.test/touched": i.to_string()}}});
            runs.patch("live", &PatchParams::default(), &Patch::Merge(touch))
                .await
                .expect("update the PipelineRun");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        SystemTime::now()
    };
    let (quiet_out, (busy_out, busy_ended), updated) =
        tokio::join!(follow_quiet, follow_busy, update);
    for out in [&quiet_out, &busy_out] {
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_eq!(out.stdout.lines().count(), 100, "{}", out.stdout);
    }
    assert!(
        updated < busy_ended,
        "every update came while the follow ran"
    );

    let filter =
        RequestFilter::between(started, SystemTime::now()).user_agent_prefix("kubectl-tekton/");
    let requests = cluster.audited_requests(&filter).await.expect("audit log");
    let shapes = |ns: &TestNamespace| {
        let mut shapes: Vec<String> = requests
            .iter()
            .filter(|r| {
                r.request_uri
                    .contains(&format!("/namespaces/{}/", ns.name()))
            })
            .map(|r| request_shape(r, ns))
            .collect();
        shapes.sort();
        shapes
    };
    // Reading the runs: one GET of the run, a list and a watch each for it and its
    // TaskRuns, however many updates came.
    let reads = [
        "get /apis/tekton.dev/v1/namespaces/NS/pipelineruns/live",
        "list /apis/tekton.dev/v1/namespaces/NS/pipelineruns",
        "list /apis/tekton.dev/v1/namespaces/NS/taskruns",
        "watch /apis/tekton.dev/v1/namespaces/NS/pipelineruns",
        "watch /apis/tekton.dev/v1/namespaces/NS/taskruns",
    ];
    let pod_logs: Vec<String> = (1..=5)
        .map(|i| format!("get /api/v1/namespaces/NS/pods/live-t{i}-pod/log"))
        .collect();
    for shapes in [shapes(&quiet), shapes(&busy)] {
        let (log_requests, run_requests): (Vec<&String>, Vec<&String>) =
            shapes.iter().partition(|s| s.ends_with("/log"));
        assert_eq!(run_requests, reads, "{shapes:#?}");
        // Each container's log once; a stream that ends before Tekton has recorded its
        // container's end is asked once more (which a loaded machine may cause), never
        // once per update.
        let mut asked = log_requests.clone();
        asked.dedup();
        assert_eq!(asked, pod_logs.iter().collect::<Vec<_>>(), "{shapes:#?}");
        assert!(log_requests.len() <= 2 * pod_logs.len(), "{shapes:#?}");
    }
}

/// The plugin as `logs` runs it, for another command: `kubectl-tekton -n NS ARGS...`.
async fn kt(cluster: &Cluster, ns: &TestNamespace, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kubectl-tekton"));
    command
        .env("KUBECONFIG", cluster.kubeconfig())
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let out = tokio::time::timeout(RUN_TIMEOUT, command.output())
        .await
        .expect("the plugin ends in time")
        .expect("run kubectl-tekton");
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn start_follow_shows_the_new_runs_log_and_exits_with_its_status() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-start").await.expect("namespace");
    // Tekton copies a Task's annotations to its TaskRuns and their pods.
    let script = RunScript::new().step(
        "compile",
        StepScript::new()
            .line("compiling")
            .line_at(Duration::from_millis(400), "broken")
            .exit_code(2),
    );
    let definition: Task = serde_json::from_value(json!({
        "apiVersion": "tekton.dev/v1",
        "kind": "Task",
        "metadata": {"name": "build", "annotations": script.annotations()},
        "spec": task("build", &["compile"])["taskSpec"],
    }))
    .expect("a valid Task");
    cluster
        .api::<Task>(&ns)
        .create(&PostParams::default(), &definition)
        .await
        .expect("create the Task");
    let out = kt(&cluster, &ns, &["start", "task", "build", "--follow"]).await;
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "[build : compile] compiling\n[build : compile] broken\n"
    );
    let mut said = out.stderr.lines();
    let name = said
        .next()
        .and_then(|l| l.strip_prefix("TaskRun started: "))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    let summary = said.last().unwrap_or_default();
    assert!(
        summary.starts_with(&format!("TaskRun {name} failed after")),
        "{}",
        out.stderr
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn create_follow_shows_the_new_runs_log_and_refuses_several_runs() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-create").await.expect("namespace");
    let script = RunScript::new().step(
        "s",
        StepScript::new()
            .line("first")
            .line_at(Duration::from_millis(300), "second"),
    );
    let run = |name: &str| {
        json!({
            "apiVersion": "tekton.dev/v1",
            "kind": "PipelineRun",
            "metadata": {"name": name, "annotations": script.annotations()},
            "spec": {"pipelineSpec": {"tasks": [task("t", &["s"])]}},
        })
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let one = dir.path().join("one.yaml");
    std::fs::write(&one, run("created").to_string()).expect("write the file");
    let two = dir.path().join("two.yaml");
    std::fs::write(
        &two,
        format!("{}\n---\n{}\n", run("other-a"), run("other-b")),
    )
    .expect("write the file");
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();

    let out = kt(&cluster, &ns, &["create", "-f", &path(&one), "--follow"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "[t : s] first\n[t : s] second\n");
    assert!(
        out.stderr
            .starts_with("pipelinerun.tekton.dev/created created\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("PipelineRun created succeeded"),
        "{}",
        out.stderr
    );

    let refused = kt(&cluster, &ns, &["create", "-f", &path(&two), "--follow"]).await;
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("--follow follows one run"),
        "{}",
        refused.stderr
    );
    let runs = cluster
        .api::<PipelineRun>(&ns)
        .list(&Default::default())
        .await
        .expect("list the runs");
    assert_eq!(runs.items.len(), 1, "nothing more was created");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn rerun_follow_shows_the_new_runs_log_and_exits_with_its_status() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("logs-rerun").await.expect("namespace");
    let script = RunScript::new().step(
        "s",
        StepScript::new()
            .line("again")
            .line_at(Duration::from_millis(300), "and again"),
    );
    create(
        &cluster,
        &ns,
        "first",
        &script,
        json!({"tasks": [task("t", &["s"])]}),
    )
    .await;
    finished(&cluster, &ns, "first").await;
    let out = kt(&cluster, &ns, &["rerun", "pr", "first", "--follow"]).await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // The rerun keeps the first run's annotations, so it prints the same.
    assert_eq!(out.stdout, "[t : s] again\n[t : s] and again\n");
    let mut said = out.stderr.lines();
    let name = said
        .next()
        .and_then(|l| l.strip_prefix("PipelineRun started: "))
        .and_then(|l| l.strip_suffix(" (a rerun of first)"))
        .unwrap_or_else(|| panic!("{}", out.stderr));
    let summary = said.last().unwrap_or_default();
    assert!(
        summary.starts_with(&format!("PipelineRun {name} succeeded in ")),
        "{}",
        out.stderr
    );
}
