//! Smoke tests of the local cluster: the real Tekton controller turns typed Tekton
//! objects into pods, kwok runs them as scripted, and logs come back through the API
//! server. They need `tests/cluster/up`; `tests/run-all` runs them.

use std::time::{Duration, Instant};

use futures::{AsyncBufReadExt, TryStreamExt};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{LogParams, PostParams};
use tekton_model::status::Status;
use tekton_model::v1::{
    Pipeline, PipelineRef, PipelineRun, PipelineRunSpec, PipelineSpec, PipelineTask, Step, Task,
    TaskRef, TaskRun, TaskRunSpec, TaskSpec,
};
use tekton_testcluster::{Cluster, RunScript, StepScript, wait_for};

const RUN_TIMEOUT: Duration = Duration::from_secs(60);

fn step(name: &str, script: &str) -> Step {
    Step {
        name: Some(name.to_owned()),
        image: Some("docker.io/library/alpine".to_owned()),
        // A script (or command) keeps Tekton from looking the image up in a registry.
        script: Some(script.to_owned()),
        ..Step::default()
    }
}

fn task(name: &str, steps: Vec<Step>) -> Task {
    Task::new(
        name,
        TaskSpec {
            steps,
            ..TaskSpec::default()
        },
    )
}

fn task_run(name: &str, task: &str, script: &RunScript) -> TaskRun {
    let mut run = TaskRun::new(
        name,
        TaskRunSpec {
            task_ref: Some(TaskRef {
                name: Some(task.to_owned()),
                ..TaskRef::default()
            }),
            ..TaskRunSpec::default()
        },
    );
    run.metadata.annotations = Some(script.annotations());
    run
}

/// The `Succeeded` condition's status once the run has finished.
fn finished(status: Option<&Status>) -> Option<&str> {
    let succeeded = status?.condition("Succeeded")?;
    (succeeded.status != "Unknown").then_some(succeeded.status.as_str())
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_task_run_succeeds_and_its_step_log_streams_through_the_api_server() {
    let cluster = Cluster::connect()
        .await
        .expect("connect to the local cluster");
    let ns = cluster
        .namespace("taskrun-succeeds")
        .await
        .expect("test namespace");
    let tasks = cluster.api::<Task>(&ns);
    let runs = cluster.api::<TaskRun>(&ns);
    let pods = cluster.api::<Pod>(&ns);

    let greet = step(
        "greet",
        "echo hello; sleep 1; echo from; sleep 1; echo kwok",
    );
    let other = step("other", "true");
    tasks
        .create(&PostParams::default(), &task("hello", vec![greet, other]))
        .await
        .expect("create Task");
    let script = RunScript::new()
        .step(
            "greet",
            StepScript::new()
                .line("hello")
                .line_at(Duration::from_millis(1500), "from")
                .line_at(Duration::from_secs(3), "kwok"),
        )
        .duration(Duration::from_secs(4));
    runs.create(
        &PostParams::default(),
        &task_run("hello-run", "hello", &script),
    )
    .await
    .expect("create TaskRun");

    let run = wait_for(&runs, "hello-run", RUN_TIMEOUT, |r: &TaskRun| {
        r.status.as_ref().is_some_and(|s| s.pod_name.is_some())
    })
    .await
    .expect("the controller creates a pod");
    let pod_name = run.status.and_then(|s| s.pod_name).expect("pod name");
    wait_for(&pods, &pod_name, RUN_TIMEOUT, |p: &Pod| {
        p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running")
    })
    .await
    .expect("kwok starts the pod");

    // Follow the step's log while it runs: the lines arrive over time and the stream
    // ends when the step does.
    let params = LogParams {
        container: Some("step-greet".to_owned()),
        follow: true,
        ..LogParams::default()
    };
    let stream = pods
        .log_stream(&pod_name, &params)
        .await
        .expect("follow the log");
    let mut lines = Vec::new();
    let mut arrivals = Vec::new();
    let mut stream = stream.lines();
    while let Some(line) = tokio::time::timeout(RUN_TIMEOUT, stream.try_next())
        .await
        .expect("the follow stream ends with the step")
        .expect("read the log stream")
    {
        arrivals.push(Instant::now());
        lines.push(line);
    }
    assert_eq!(lines, ["hello", "from", "kwok"]);
    let spread = *arrivals.last().expect("a line") - arrivals[0];
    assert!(
        spread >= Duration::from_secs(1),
        "lines arrived within {spread:?}"
    );

    let run = wait_for(&runs, "hello-run", RUN_TIMEOUT, |r: &TaskRun| {
        finished(r.status.as_ref().map(|s| &s.status)).is_some()
    })
    .await
    .expect("the TaskRun finishes");
    let status = run.status.expect("status");
    assert_eq!(finished(Some(&status.status)), Some("True"), "{status:?}");

    let log = pods
        .logs(
            &pod_name,
            &LogParams {
                container: Some("step-greet".to_owned()),
                ..LogParams::default()
            },
        )
        .await
        .expect("read the finished step's log");
    assert_eq!(log, "hello\nfrom\nkwok\n");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_failing_step_fails_the_task_run_with_its_exit_code() {
    let cluster = Cluster::connect()
        .await
        .expect("connect to the local cluster");
    let ns = cluster
        .namespace("taskrun-fails")
        .await
        .expect("test namespace");
    let tasks = cluster.api::<Task>(&ns);
    let runs = cluster.api::<TaskRun>(&ns);

    let steps = vec![step("prepare", "true"), step("check", "exit 3")];
    tasks
        .create(&PostParams::default(), &task("check", steps))
        .await
        .expect("create Task");
    let script = RunScript::new().step("check", StepScript::new().line("checking").exit_code(3));
    runs.create(
        &PostParams::default(),
        &task_run("check-run", "check", &script),
    )
    .await
    .expect("create TaskRun");

    let run = wait_for(&runs, "check-run", RUN_TIMEOUT, |r: &TaskRun| {
        finished(r.status.as_ref().map(|s| &s.status)).is_some()
    })
    .await
    .expect("the TaskRun finishes");
    let status = run.status.expect("status");
    assert_eq!(finished(Some(&status.status)), Some("False"), "{status:?}");
    let exit_code = |name: &str| {
        status
            .steps
            .iter()
            .find(|s| s.name.as_deref() == Some(name))
            .and_then(|s| s.state.terminated.as_ref())
            .map(|t| t.exit_code)
    };
    assert_eq!(exit_code("check"), Some(3), "{:?}", status.steps);
    assert_eq!(exit_code("prepare"), Some(0), "{:?}", status.steps);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_two_task_pipeline_run_succeeds() {
    let cluster = Cluster::connect()
        .await
        .expect("connect to the local cluster");
    let ns = cluster
        .namespace("pipelinerun")
        .await
        .expect("test namespace");
    let tasks = cluster.api::<Task>(&ns);
    let pipelines = cluster.api::<Pipeline>(&ns);
    let runs = cluster.api::<PipelineRun>(&ns);

    for name in ["build", "test"] {
        tasks
            .create(
                &PostParams::default(),
                &task(name, vec![step(name, "true")]),
            )
            .await
            .expect("create Task");
    }
    let pipeline_task = |name: &str, run_after: &[&str]| PipelineTask {
        name: Some(name.to_owned()),
        task_ref: Some(TaskRef {
            name: Some(name.to_owned()),
            ..TaskRef::default()
        }),
        run_after: run_after.iter().map(|s| (*s).to_owned()).collect(),
        ..PipelineTask::default()
    };
    let spec = PipelineSpec {
        tasks: vec![
            pipeline_task("build", &[]),
            pipeline_task("test", &["build"]),
        ],
        ..PipelineSpec::default()
    };
    pipelines
        .create(&PostParams::default(), &Pipeline::new("ci", spec))
        .await
        .expect("create Pipeline");
    let mut run = PipelineRun::new(
        "ci-run",
        PipelineRunSpec {
            pipeline_ref: Some(PipelineRef {
                name: Some("ci".to_owned()),
                ..PipelineRef::default()
            }),
            ..PipelineRunSpec::default()
        },
    );
    // Tekton passes a PipelineRun's annotations on to its TaskRuns and their pods.
    let script = RunScript::new().step("build", StepScript::new().line("built"));
    run.metadata.annotations = Some(script.annotations());
    runs.create(&PostParams::default(), &run)
        .await
        .expect("create PipelineRun");

    let run = wait_for(&runs, "ci-run", RUN_TIMEOUT, |r: &PipelineRun| {
        finished(r.status.as_ref().map(|s| &s.status)).is_some()
    })
    .await
    .expect("the PipelineRun finishes");
    let status = run.status.expect("status");
    assert_eq!(finished(Some(&status.status)), Some("True"), "{status:?}");
    let mut children: Vec<_> = status
        .child_references
        .iter()
        .filter_map(|c| c.pipeline_task_name.clone())
        .collect();
    children.sort();
    assert_eq!(children, ["build", "test"]);
}
