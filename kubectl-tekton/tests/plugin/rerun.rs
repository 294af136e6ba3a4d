//! `rerun`: a new run from an earlier one's spec, with a param changed.

use serde_json::json;
use tekton_testcluster::Cluster;

use crate::util::{self, kt};

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_finished_run_runs_again_with_a_param_changed() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("rerun").await.expect("namespace");
    util::create(
        &cluster,
        &ns,
        json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": "first", "labels": {"team": "ci"}},
            "spec": {
                "params": [{"name": "env", "value": "dev"}, {"name": "region", "value": "eu"}],
                "pipelineSpec": {
                    "params": [{"name": "env"}, {"name": "region"}],
                    "tasks": [{"name": "show", "taskSpec": {"steps": [
                        {"name": "echo", "image": "alpine", "script": "echo $(params.env)"}]},
                        "params": [{"name": "env", "value": "$(params.env)"}]}],
                },
            },
        }),
    )
    .await;
    util::finished(&cluster, &ns, "PipelineRun", "first").await;

    let out = kt(&cluster, &ns, &["rerun", "first", "-p", "envv=prod"]).await;
    out.expect_code(1);
    assert!(
        out.stderr.contains("did you mean -p env=VALUE?"),
        "{}",
        out.stderr
    );

    let out = kt(&cluster, &ns, &["rerun", "first", "-p", "env=prod"]).await;
    out.expect_code(0);
    let name = out
        .stdout
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("PipelineRun started: "))
        .and_then(|l| l.strip_suffix(" (a rerun of first)"))
        .expect("the new run's name")
        .to_owned();
    assert!(name.starts_with("first-rerun-"), "{name}");
    let again = util::finished(&cluster, &ns, "PipelineRun", &name).await;
    assert_eq!(
        util::condition(&again).0,
        "True",
        "{:?}",
        again.data["status"]
    );
    assert_eq!(
        again.data["spec"]["params"],
        json!([{"name": "env", "value": "prod"}, {"name": "region", "value": "eu"}])
    );
    assert_eq!(
        again.data["spec"]["pipelineSpec"]["tasks"][0]["name"],
        "show"
    );
    let labels = again.metadata.labels.clone().unwrap_or_default();
    assert_eq!(labels.get("team").map(String::as_str), Some("ci"));
}
