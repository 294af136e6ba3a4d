//! `describe`: a succeeded, a failed and a skipped-task PipelineRun, and a failed TaskRun's
//! steps, snapshotted with ages and durations made stable.

use serde_json::{Value, json};
use tekton_testcluster::{Cluster, RunScript, StepScript, TestNamespace};

use crate::util::{self, kt};

fn inline(name: &str, steps: &[&str]) -> Value {
    let steps: Vec<Value> = steps
        .iter()
        .map(|s| json!({"name": s, "image": "alpine", "script": "true"}))
        .collect();
    json!({"name": name, "taskSpec": {"steps": steps}})
}

async fn run_to_the_end(
    cluster: &Cluster,
    ns: &TestNamespace,
    name: &str,
    script: RunScript,
    spec: Value,
) {
    util::create(
        cluster,
        ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": name, "annotations": script.annotations()},
            "spec": spec,
        }),
    )
    .await;
    util::finished(cluster, ns, "PipelineRun", name).await;
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn succeeded_failed_and_skipped_runs_described() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("describe").await.expect("namespace");
    let mut fetch = inline("fetch", &["clone"]);
    fetch["params"] = json!([{"name": "url", "value": "$(params.url)"}]);
    fetch["taskSpec"]["params"] = json!([{"name": "url"}]);
    let mut build = inline("build", &["compile"]);
    build["runAfter"] = json!(["fetch"]);
    // A matrix: one TaskRun per platform.
    build["taskSpec"]["params"] = json!([{"name": "platform"}]);
    build["matrix"] = json!({"params": [{"name": "platform", "value": ["linux", "darwin"]}]});
    run_to_the_end(
        &cluster,
        &ns,
        "ok",
        RunScript::new(),
        json!({
            "params": [{"name": "url", "value": "https://example.com/repo.git"}],
            "pipelineSpec": {"params": [{"name": "url"}], "tasks": [fetch, build]},
        }),
    )
    .await;
    run_to_the_end(
        &cluster,
        &ns,
        "broken",
        RunScript::new().step("unit", StepScript::new().exit_code(3)),
        json!({"pipelineSpec": {
            "tasks": [inline("test", &["unit"])],
            "finally": [inline("report", &["send"])],
        }}),
    )
    .await;
    let mut deploy = inline("deploy", &["apply"]);
    deploy["when"] = json!([{"input": "$(params.env)", "operator": "in", "values": ["prod"]}]);
    run_to_the_end(
        &cluster,
        &ns,
        "gated",
        RunScript::new(),
        json!({
            "params": [{"name": "env", "value": "dev"}],
            "pipelineSpec": {"params": [{"name": "env"}], "tasks": [inline("build", &["compile"]), deploy]},
        }),
    )
    .await;

    let settings = util::stable_output();
    for (what, args) in [
        ("describe_succeeded", vec!["describe", "pr", "ok"]),
        ("describe_failed", vec!["describe", "pipelinerun", "broken"]),
        ("describe_skipped", vec!["describe", "pr", "gated"]),
        (
            "describe_failed_taskrun",
            vec!["describe", "tr", "broken-test"],
        ),
    ] {
        let out = kt(&cluster, &ns, &args).await;
        out.expect_code(0);
        settings.bind(|| insta::assert_snapshot!(what, out.stdout));
    }
    let out = kt(&cluster, &ns, &["describe", "pr", "--last", "-o", "json"]).await;
    out.expect_code(0);
    let last: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(last["metadata"]["name"], "gated");
}
