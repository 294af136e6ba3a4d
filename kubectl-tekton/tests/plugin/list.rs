//! `list`: server-side paging with more than 500 runs, newest first, -A, -l, -o name.

use std::time::SystemTime;

use futures::{StreamExt, stream};
use serde_json::json;
use tekton_testcluster::{Cluster, RequestFilter, TestNamespace};

use crate::util::{self, kt};

async fn create_many(cluster: &Cluster, ns: &TestNamespace, count: usize) {
    stream::iter(0..count)
        .map(|i| {
            util::create(
                cluster,
                ns,
                util::pending(&format!("run-{i:04}"), json!({})),
            )
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_limited_list_of_520_runs_is_one_request_of_10_on_the_server() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("list-paged").await.expect("namespace");
    create_many(&cluster, &ns, 520).await;
    let since = SystemTime::now();
    let out = kt(&cluster, &ns, &["list", "pr", "--limit", "10"]).await;
    out.expect_code(0);
    let rows = util::rows(&out.stdout);
    assert_eq!(rows[0], ["NAME", "STARTED", "DURATION", "STATUS"]);
    assert_eq!(rows.len(), 11, "a header and ten runs:\n{}", out.stdout);
    let requests = cluster
        .audited_requests(
            &RequestFilter::between(since, SystemTime::now())
                .user("kt-admin")
                .user_agent_prefix("kubectl-tekton/"),
        )
        .await
        .expect("the audit log");
    let lists: Vec<&str> = requests
        .iter()
        .filter(|r| r.request_uri.contains(ns.name()))
        .map(|r| r.request_uri.as_str())
        .collect();
    assert_eq!(lists.len(), 1, "one request for the runs: {lists:?}");
    assert!(lists[0].starts_with(&format!(
        "/apis/tekton.dev/v1/namespaces/{}/pipelineruns?",
        ns.name()
    )));
    assert!(
        lists[0].contains("limit=10"),
        "paged on the server: {}",
        lists[0]
    );
    assert!(!lists[0].contains("continue="), "{}", lists[0]);
    let verbs: Vec<&str> = requests
        .iter()
        .filter(|r| r.request_uri.contains(ns.name()))
        .map(|r| r.verb.as_str())
        .collect();
    assert_eq!(verbs, ["list"]);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_full_list_pages_through_every_run_newest_first() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("list-all").await.expect("namespace");
    create_many(&cluster, &ns, 510).await;
    // The newest, created a second later so it sorts first whatever its name.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    util::create(&cluster, &ns, util::pending("aaa-newest", json!({}))).await;
    let since = SystemTime::now();
    let out = kt(&cluster, &ns, &["list", "pr", "--no-headers", "-o", "name"]).await;
    out.expect_code(0);
    let names: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(names.len(), 511);
    assert_eq!(names[0], "pipelinerun.tekton.dev/aaa-newest");
    let requests = cluster
        .audited_requests(
            &RequestFilter::between(since, SystemTime::now()).user_agent_prefix("kubectl-tekton/"),
        )
        .await
        .expect("the audit log");
    let pages = requests
        .iter()
        .filter(|r| r.request_uri.contains(ns.name()) && r.request_uri.contains("limit=500"))
        .count();
    assert_eq!(pages, 2, "two pages of 500");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn all_namespaces_selectors_and_names() {
    let cluster = Cluster::connect().await.expect("connect");
    let first = cluster.namespace("list-a").await.expect("namespace");
    let second = cluster.namespace("list-b").await.expect("namespace");
    util::create(
        &cluster,
        &first,
        util::pending("web-1", json!({"app": "web"})),
    )
    .await;
    util::create(
        &cluster,
        &first,
        util::pending("db-1", json!({"app": "db"})),
    )
    .await;
    util::create(
        &cluster,
        &second,
        util::pending("web-2", json!({"app": "web"})),
    )
    .await;

    let out = kt(
        &cluster,
        &first,
        &["list", "pr", "-l", "app=web", "-o", "name"],
    )
    .await;
    out.expect_code(0);
    assert_eq!(out.stdout, "pipelinerun.tekton.dev/web-1\n");

    let out = kt(&cluster, &first, &["list", "pr", "-A", "-l", "app=web"]).await;
    out.expect_code(0);
    let rows = util::rows(&out.stdout);
    assert_eq!(
        rows[0],
        ["NAMESPACE", "NAME", "STARTED", "DURATION", "STATUS"]
    );
    // Other tests' namespaces may hold runs labelled so too.
    let mut found: Vec<(&str, &str)> = rows[1..]
        .iter()
        .filter(|r| [first.name(), second.name()].contains(&r[0]))
        .map(|r| (r[0], r[1]))
        .collect();
    found.sort();
    assert_eq!(found, [(first.name(), "web-1"), (second.name(), "web-2")]);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn pipeline_and_task_filters_use_tektons_labels() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("list-filters").await.expect("namespace");
    let of = |pipeline: &str| json!({"tekton.dev/pipeline": pipeline});
    util::create(&cluster, &ns, util::pending("ci-1", of("ci"))).await;
    util::create(&cluster, &ns, util::pending("docs-1", of("docs"))).await;
    let out = kt(
        &cluster,
        &ns,
        &["list", "pr", "--pipeline", "ci", "-o", "name"],
    )
    .await;
    out.expect_code(0);
    assert_eq!(out.stdout, "pipelinerun.tekton.dev/ci-1\n");
    let out = kt(&cluster, &ns, &["list", "pr", "--task", "x"]).await;
    out.expect_code(2);
    assert!(
        out.stderr.contains("--task filters TaskRuns"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn watch_prints_each_change_as_a_row_lined_up_with_the_table() {
    use tokio::io::AsyncBufReadExt;

    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("list-watch").await.expect("namespace");
    util::create(&cluster, &ns, util::pending("first", json!({}))).await;
    let mut command = util::command(
        Some(cluster.kubeconfig()),
        &["-n", ns.name(), "list", "pr", "--watch"],
    );
    command.stdout(std::process::Stdio::piped());
    let mut child = command.spawn().expect("run kubectl-tekton");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let mut next = async || {
        tokio::time::timeout(util::TIMEOUT, lines.next_line())
            .await
            .expect("a line in time")
            .expect("read stdout")
            .expect("a line")
    };
    let header = next().await;
    assert!(header.starts_with("NAME "), "{header}");
    assert!(next().await.starts_with("first "));
    util::create(
        &cluster,
        &ns,
        util::pending("a-later-one-with-a-long-name", json!({})),
    )
    .await;
    let row = next().await;
    assert!(row.starts_with("a-later-one-with-a-long-name "), "{row}");
    // The STARTED column of the row starts where the header's does, or later for a long name.
    assert!(
        row.find("---").unwrap_or(0) >= header.find("STARTED").unwrap_or(usize::MAX),
        "{header}\n{row}"
    );
    child.kill().await.expect("stop the watch");
}
