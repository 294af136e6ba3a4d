//! `graph`: a Pipeline of the cluster and a finished run of it.

use serde_json::json;
use tekton_testcluster::Cluster;

use crate::util::{self, kt};

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_pipeline_and_a_run_of_it_drawn() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("graph").await.expect("namespace");
    util::create(
        &cluster,
        &ns,
        util::task("step", &["run"], json!([{"name": "in", "default": ""}])),
    )
    .await;
    let task = |name: &str, extra: serde_json::Value| {
        let mut task = json!({"name": name, "taskRef": {"name": "step"}});
        if let (Some(task), Some(extra)) = (task.as_object_mut(), extra.as_object()) {
            task.extend(extra.clone());
        }
        task
    };
    util::create(
        &cluster,
        &ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "Pipeline", "metadata": {"name": "release"},
            "spec": {
                "params": [{"name": "env", "default": "dev"}],
                "tasks": [
                    task("fetch", json!({})),
                    task("build", json!({"runAfter": ["fetch"]})),
                    task("lint", json!({"runAfter": ["fetch"]})),
                    task("publish", json!({"runAfter": ["build", "lint"],
                        "when": [{"input": "$(params.env)", "operator": "in", "values": ["prod"]}]})),
                ],
                "finally": [task("notify", json!({}))],
            },
        }),
    )
    .await;
    util::create(
        &cluster,
        &ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun", "metadata": {"name": "release-1"},
            "spec": {"pipelineRef": {"name": "release"}},
        }),
    )
    .await;
    util::finished(&cluster, &ns, "PipelineRun", "release-1").await;

    let out = kt(&cluster, &ns, &["graph", "pipeline", "release"]).await;
    out.expect_code(0);
    insta::assert_snapshot!("graph_pipeline_mermaid", out.stdout);
    let out = kt(&cluster, &ns, &["graph", "pr", "release-1", "-o", "dot"]).await;
    out.expect_code(0);
    insta::assert_snapshot!("graph_run_dot", out.stdout);
}
