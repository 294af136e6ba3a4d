//! The test cluster's log server and its other test hooks, through the real API
//! server: kubelet log parameters, per-attempt scripts of retried TaskRuns, binary and
//! long output, the audit log helper, and restarting the spare API server.

use std::time::{Duration, SystemTime};

use futures::{AsyncReadExt, StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::{Namespace, Pod};
use k8s_openapi::jiff::Timestamp;
use kube::Api;
use kube::api::{LogParams, PostParams, WatchEvent, WatchParams};
use tekton_model::v1::{Step, TaskRun, TaskRunSpec, TaskSpec};
use tekton_testcluster::{Cluster, RequestFilter, RunScript, StepScript, wait_for};

const RUN_TIMEOUT: Duration = Duration::from_secs(60);

fn inline_task_run(name: &str, steps: &[&str], script: &RunScript) -> TaskRun {
    let steps = steps
        .iter()
        .map(|s| Step {
            name: Some((*s).to_owned()),
            image: Some("docker.io/library/alpine".to_owned()),
            script: Some("true".to_owned()),
            ..Step::default()
        })
        .collect();
    let mut run = TaskRun::new(
        name,
        TaskRunSpec {
            task_spec: Some(TaskSpec {
                steps,
                ..TaskSpec::default()
            }),
            ..TaskRunSpec::default()
        },
    );
    run.metadata.annotations = Some(script.annotations());
    run
}

fn finished(run: &TaskRun) -> Option<String> {
    let c = run.status.as_ref()?.status.condition("Succeeded")?;
    (c.status != "Unknown").then(|| c.status.clone())
}

fn params(container: &str) -> LogParams {
    LogParams {
        container: Some(container.to_owned()),
        ..LogParams::default()
    }
}

async fn raw_log(pods: &Api<Pod>, pod: &str, params: &LogParams) -> Vec<u8> {
    let mut out = Vec::new();
    pods.log_stream(pod, params)
        .await
        .expect("open the log")
        .read_to_end(&mut out)
        .await
        .expect("read the log");
    out
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn log_parameters_are_honoured_as_by_a_kubelet() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster
        .namespace("kubelet-params")
        .await
        .expect("namespace");
    let runs = cluster.api::<TaskRun>(&ns);
    let pods = cluster.api::<Pod>(&ns);
    let script = RunScript::new().step(
        "a",
        StepScript::new()
            .line("one")
            .line_at(Duration::from_millis(1500), "two")
            .line_at(Duration::from_millis(2500), "three"),
    );
    runs.create(
        &PostParams::default(),
        &inline_task_run("params", &["a"], &script),
    )
    .await
    .expect("create TaskRun");
    let run = wait_for(&runs, "params", RUN_TIMEOUT, |r| finished(r).is_some())
        .await
        .expect("the run finishes");
    let pod = run.status.and_then(|s| s.pod_name).expect("pod name");

    let stamped = pods
        .logs(
            &pod,
            &LogParams {
                timestamps: true,
                ..params("step-a")
            },
        )
        .await
        .expect("timestamps");
    let lines: Vec<&str> = stamped.lines().collect();
    assert_eq!(lines.len(), 3, "{stamped}");
    let mut times = Vec::new();
    for (line, text) in lines.iter().zip(["one", "two", "three"]) {
        let (stamp, rest) = line.split_once(' ').expect("a timestamp");
        assert_eq!(rest, text);
        // Fixed-width nanoseconds in UTC, as the kubelet writes them.
        assert_eq!(
            stamp.len(),
            "2026-01-01T00:00:00.000000000Z".len(),
            "{stamp}"
        );
        assert!(stamp.ends_with('Z'), "{stamp}");
        times.push(stamp.parse::<Timestamp>().expect("RFC 3339"));
    }
    assert_eq!(times[1].duration_since(times[0]).as_millis(), 1500);
    assert_eq!(times[2].duration_since(times[0]).as_millis(), 2500);

    let tail = pods
        .logs(
            &pod,
            &LogParams {
                tail_lines: Some(2),
                ..params("step-a")
            },
        )
        .await
        .expect("tailLines");
    assert_eq!(tail, "two\nthree\n");
    // The API server forwards sinceTime in whole seconds: ask from the second of "three".
    let since = Timestamp::from_second(times[2].as_second()).expect("a time");
    let after = pods
        .logs(
            &pod,
            &LogParams {
                since_time: Some(since),
                ..params("step-a")
            },
        )
        .await
        .expect("sinceTime");
    assert!(
        after.ends_with("three\n") && !after.contains("one"),
        "{after}"
    );
    let limited = pods
        .logs(
            &pod,
            &LogParams {
                limit_bytes: Some(6),
                ..params("step-a")
            },
        )
        .await
        .expect("limitBytes");
    assert_eq!(limited, "one\ntw");
    let previous = pods
        .logs(
            &pod,
            &LogParams {
                previous: true,
                ..params("step-a")
            },
        )
        .await
        .expect_err("no previous container");
    assert!(
        previous
            .to_string()
            .contains("previous terminated container \"step-a\""),
        "{previous}"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_retried_task_run_plays_each_attempts_script() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("retries").await.expect("namespace");
    let runs = cluster.api::<TaskRun>(&ns);
    let pods = cluster.api::<Pod>(&ns);
    let script = RunScript::new()
        .step(
            "flaky",
            StepScript::new().line("attempt one fails").exit_code(1),
        )
        .attempt(
            2,
            RunScript::new().step("flaky", StepScript::new().line("attempt two passes")),
        );
    let mut run = inline_task_run("flaky", &["flaky"], &script);
    run.spec.retries = Some(1);
    runs.create(&PostParams::default(), &run)
        .await
        .expect("create TaskRun");
    let run = wait_for(&runs, "flaky", RUN_TIMEOUT, |r| finished(r).is_some())
        .await
        .expect("the run finishes");
    assert_eq!(finished(&run).as_deref(), Some("True"), "{:?}", run.status);
    let status = run.status.expect("status");
    assert_eq!(status.pod_name.as_deref(), Some("flaky-pod-retry1"));
    assert_eq!(status.retries_status.len(), 1);
    assert_eq!(
        status.retries_status[0].pod_name.as_deref(),
        Some("flaky-pod")
    );
    let first = pods
        .logs("flaky-pod", &params("step-flaky"))
        .await
        .expect("attempt 1");
    let second = pods
        .logs("flaky-pod-retry1", &params("step-flaky"))
        .await
        .expect("attempt 2");
    assert_eq!(first, "attempt one fails\n");
    assert_eq!(second, "attempt two passes\n");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn binary_output_and_a_100000_character_line_come_through_intact() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("binary").await.expect("namespace");
    let runs = cluster.api::<TaskRun>(&ns);
    let pods = cluster.api::<Pod>(&ns);
    let binary: Vec<u8> = vec![0x00, 0xff, 0xfe, b'a', 0x80, b'\n'];
    let script = RunScript::new().step(
        "out",
        StepScript::new()
            .bytes_at(Duration::ZERO, binary.clone())
            .long_line_at(Duration::ZERO, 100_000, "0123456789")
            .line("!literal"),
    );
    runs.create(
        &PostParams::default(),
        &inline_task_run("bin", &["out"], &script),
    )
    .await
    .expect("create TaskRun");
    let run = wait_for(&runs, "bin", RUN_TIMEOUT, |r| finished(r).is_some())
        .await
        .expect("the run finishes");
    let pod = run.status.and_then(|s| s.pod_name).expect("pod name");
    let got = raw_log(&pods, &pod, &params("step-out")).await;
    let mut want = binary;
    want.extend("0123456789".repeat(10_000).bytes());
    want.extend(b"\n!literal\n");
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the bytes differ");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn the_audit_log_counts_a_clients_requests() {
    let cluster = Cluster::connect().await.expect("connect");
    let namespaces: Api<Namespace> = Api::all(cluster.client());
    let name = format!(
        "kt-audit-probe-{}",
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("clock")
            .as_nanos()
    );
    let since = SystemTime::now();
    for _ in 0..3 {
        namespaces.get_opt(&name).await.expect("probe");
    }
    let filter = RequestFilter::between(since, SystemTime::now()).user("kt-admin");
    let requests = cluster.audited_requests(&filter).await.expect("audit log");
    let probes: Vec<_> = requests
        .iter()
        .filter(|r| r.request_uri.ends_with(&name))
        .collect();
    assert_eq!(probes.len(), 3, "{probes:?}");
    assert!(
        probes
            .iter()
            .all(|r| r.verb == "get" && r.code == Some(404)),
        "{probes:?}"
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn restarting_the_spare_api_server_leaves_the_main_one_serving() {
    let main = Cluster::connect().await.expect("connect");
    tekton_testcluster::restart_spare_apiserver().expect("start the spare API server");
    let spare = Cluster::connect_spare()
        .await
        .expect("connect to the spare");
    let ns = main.namespace("spare").await.expect("namespace");

    // A watch through the main server runs across the spare's restart untouched.
    let pods: Api<Pod> = main.api(&ns);
    let mut watch = pods
        .watch(&WatchParams::default().timeout(30), "0")
        .await
        .expect("watch")
        .boxed();
    let spare_pods: Api<Pod> = spare.api(&ns);
    spare_pods
        .list(&Default::default())
        .await
        .expect("the spare serves");
    let restart = tokio::task::spawn_blocking(tekton_testcluster::restart_spare_apiserver);
    // The spare goes away while it restarts.
    let mut saw_it_down = false;
    for _ in 0..100 {
        if spare_pods.list(&Default::default()).await.is_err() {
            saw_it_down = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    restart
        .await
        .expect("join")
        .expect("restart the spare API server");
    assert!(saw_it_down, "the spare API server never went away");
    spare_pods
        .list(&Default::default())
        .await
        .expect("the spare serves again");
    main.api::<TaskRun>(&ns)
        .create(
            &PostParams::default(),
            &inline_task_run("after", &["a"], &RunScript::new()),
        )
        .await
        .expect("the main server kept serving");
    // The watch saw the pod of that run, so it stayed open all along.
    let created = tokio::time::timeout(RUN_TIMEOUT, async {
        while let Some(event) = watch.try_next().await.expect("watch stays open") {
            if let WatchEvent::Added(pod) = event {
                return pod.metadata.name;
            }
        }
        None
    })
    .await
    .expect("a pod event");
    assert_eq!(created.as_deref(), Some("after-pod"));
}
