//! kubectl's connection conventions and the one-sentence errors when the cluster cannot be
//! used: no kubeconfig, an unknown context, an unreachable server, a TLS failure, a user
//! RBAC forbids, a cluster without Tekton.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use k8s_openapi::api::authentication::v1::TokenRequest;
use k8s_openapi::api::core::v1::ServiceAccount;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{DeleteParams, DynamicObject, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use tekton_testcluster::{Cluster, RequestFilter, restart_bare_apiserver};

use crate::util::{self, kt, kt_with};

/// Writes `text` to a kubeconfig file in `dir`.
fn kubeconfig(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a kubeconfig");
    path
}

/// The admin kubeconfig with its server swapped for `server`.
fn pointing_at(cluster: &Cluster, server: &str) -> String {
    std::fs::read_to_string(cluster.kubeconfig())
        .expect("read the kubeconfig")
        .replace("https://127.0.0.1:16443", server)
}

/// Asserts one `error: ...` line on stderr containing every part, and nothing on stdout.
fn one_error(out: &util::Out, parts: &[&str]) {
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected:\n{}", out.stderr);
    assert!(lines[0].starts_with("error: "), "{}", out.stderr);
    for part in parts {
        assert!(
            lines[0].contains(part),
            "`{part}` missing from: {}",
            lines[0]
        );
    }
    assert_eq!(out.stdout, "");
    assert!(!out.stderr.contains("panicked"));
}

/// A token for a new ServiceAccount `name` in `namespace`, which no Role allows anything.
async fn service_account_token(cluster: &Cluster, namespace: &str, name: &str) -> String {
    let accounts: Api<ServiceAccount> = Api::namespaced(cluster.client(), namespace);
    let account: ServiceAccount =
        serde_json::from_value(serde_json::json!({"metadata": {"name": name}}))
            .expect("a ServiceAccount");
    accounts
        .create(&PostParams::default(), &account)
        .await
        .expect("create the ServiceAccount");
    accounts
        .create_token_request(name, &PostParams::default(), &TokenRequest::default())
        .await
        .expect("a token for the ServiceAccount")
        .status
        .expect("a token")
        .token
        .expect("the token's text")
}

/// A kubeconfig for the test cluster (its server and CA) with `user` (the lines under
/// `user:`) and `namespace` as the context's namespace.
fn with_user(cluster: &Cluster, namespace: &str, user: &str) -> String {
    let admin = std::fs::read_to_string(cluster.kubeconfig()).expect("read the kubeconfig");
    let clusters = admin.split("contexts:").next().expect("a clusters section");
    format!(
        "{clusters}contexts:\n- name: me\n  context: {{cluster: kt-testenv, user: me, namespace: {namespace}}}\ncurrent-context: me\nkind: Config\nusers:\n- name: me\n  user:\n{user}"
    )
}

#[tokio::test]
async fn no_kubeconfig_says_where_it_looked_and_how_to_give_one() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let missing = dir.path().join("absent");
    let out = kt_with(Some(&missing), &["list", "pr"]).await;
    out.expect_code(1);
    one_error(&out, &["no kubeconfig found", "absent", "--kubeconfig"]);
}

#[tokio::test]
async fn an_unknown_context_names_the_closest_and_the_fix() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = kubeconfig(
        dir.path(),
        "config",
        "apiVersion: v1\nkind: Config\ncurrent-context: staging\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: staging\n  context: {cluster: c}\n- name: production\n  context: {cluster: c}\nusers: []\n",
    );
    let out = kt_with(Some(&path), &["--context", "prodution", "list", "pr"]).await;
    out.expect_code(1);
    one_error(
        &out,
        &[
            "context `prodution` is not in the kubeconfig",
            "did you mean `production`?",
            "--context",
        ],
    );
}

#[tokio::test]
async fn an_unreachable_server_is_named_with_its_address() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    let path = kubeconfig(
        dir.path(),
        "config",
        "apiVersion: v1\nkind: Config\ncurrent-context: gone\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: gone\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: abc}\n",
    );
    let out = kt_with(Some(&path), &["list", "pr"]).await;
    out.expect_code(1);
    one_error(
        &out,
        &[
            "cannot reach the Kubernetes API server at https://127.0.0.1:1",
            "connection refused",
        ],
    );
}

#[tokio::test]
async fn bad_usage_exits_2() {
    let out = kt_with(None, &["list", "runs"]).await;
    out.expect_code(2);
    let out = kt_with(None, &["cancel", "x", "y"]).await;
    out.expect_code(2);
    assert!(out.stderr.contains("is not a run kind"), "{}", out.stderr);
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_server_certificate_the_kubeconfig_does_not_trust_is_a_tls_error() {
    let cluster = Cluster::connect().await.expect("connect");
    let dir = tempfile::tempdir().expect("a temporary folder");
    // The system's public CAs did not sign the test cluster's certificate.
    let text = pointing_at(&cluster, "https://127.0.0.1:16443");
    let text = text
        .lines()
        .map(|line| {
            match line
                .trim_start()
                .strip_prefix("certificate-authority-data:")
            {
                Some(_) => {
                    "    certificate-authority: /etc/ssl/certs/ca-certificates.crt".to_owned()
                }
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = kubeconfig(dir.path(), "config", &text);
    let out = kt_with(Some(&path), &["list", "pr"]).await;
    out.expect_code(1);
    one_error(
        &out,
        &[
            "TLS verification of the API server at https://127.0.0.1:16443 failed",
            "certificate-authority",
        ],
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn several_kubeconfig_files_are_merged_and_missing_ones_skipped() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("kubeconfigs").await.expect("namespace");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let admin = std::fs::read_to_string(cluster.kubeconfig()).expect("read the kubeconfig");
    // The first file sets the current context and its namespace; the cluster and user
    // come from the admin kubeconfig later in the list.
    let first = kubeconfig(
        dir.path(),
        "context",
        &format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: mine\ncontexts:\n- name: mine\n  context: {{cluster: kt-testenv, user: kt-admin, namespace: {}}}\n",
            ns.name()
        ),
    );
    let second = kubeconfig(dir.path(), "admin", &admin);
    let missing = dir.path().join("missing");
    let list = std::env::join_paths([first, missing, second]).expect("a path list");
    let mut command = util::command(None, &["list", "tasks"]);
    command.env("KUBECONFIG", list);
    let out = util::output(command).await;
    out.expect_code(0);
    assert_eq!(
        out.stderr,
        format!("No Tasks found in namespace `{}`.\n", ns.name())
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_user_rbac_forbids_is_told_the_verb_resource_and_namespace() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("rbac").await.expect("namespace");
    let token = service_account_token(&cluster, ns.name(), "reader").await;
    let text = with_user(&cluster, ns.name(), &format!("    token: {token}\n"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = kubeconfig(dir.path(), "config", &text);
    let out = kt_with(Some(&path), &["list", "pr"]).await;
    out.expect_code(1);
    one_error(
        &out,
        &[
            &format!("user `system:serviceaccount:{}:reader`", ns.name()),
            "cannot list pipelineruns",
            &format!("in namespace `{}`", ns.name()),
            "Role",
        ],
    );
    // A token the server does not know.
    let path = kubeconfig(
        dir.path(),
        "stale",
        &with_user(&cluster, ns.name(), "    token: not-a-token\n"),
    );
    let out = kt_with(Some(&path), &["list", "pr"]).await;
    out.expect_code(1);
    one_error(
        &out,
        &[
            "did not accept your credentials (401 Unauthorized)",
            "log in again",
        ],
    );
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn an_exec_credential_plugin_gives_the_token_and_its_failure_is_one_sentence() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("exec").await.expect("namespace");
    let token = service_account_token(&cluster, ns.name(), "robot").await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let write_plugin = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write the plugin");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("make the plugin executable");
        path
    };
    let good = write_plugin(
        "good",
        &format!(
            "printf '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"{token}\"}}}}'"
        ),
    );
    let bad = write_plugin("bad", "echo 'not logged in' >&2; exit 1");
    for (plugin, expected) in [
        (
            good,
            format!(
                "user `system:serviceaccount:{}:robot` cannot list pipelineruns",
                ns.name()
            ),
        ),
        (
            bad,
            "getting credentials for https://127.0.0.1:16443 failed".to_owned(),
        ),
    ] {
        let user = format!(
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: Never\n",
            plugin.display()
        );
        let path = kubeconfig(dir.path(), "config", &with_user(&cluster, ns.name(), &user));
        let out = kt_with(Some(&path), &["list", "pr"]).await;
        out.expect_code(1);
        one_error(&out, &[&expected]);
    }
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn a_cluster_without_tekton_says_so_and_one_serving_only_v1beta1_is_read_through_it() {
    // The bare API server: the same etcd under a prefix of its own, so no Tekton CRDs,
    // unless an earlier run of this test left its v1beta1 one behind.
    let bare = match Cluster::connect_bare().await {
        Ok(bare) => bare,
        Err(_) => {
            restart_bare_apiserver().expect("start the bare API server");
            Cluster::connect_bare()
                .await
                .expect("connect to the bare API server")
        }
    };
    let crds: Api<CustomResourceDefinition> = Api::all(bare.client());
    let kinds = [("pipelineruns", "PipelineRun"), ("taskruns", "TaskRun")];
    for (plural, _) in kinds {
        let crd = format!("{plural}.tekton.dev");
        if crds
            .get_opt(&crd)
            .await
            .expect("look for the CRD")
            .is_some()
        {
            crds.delete(&crd, &DeleteParams::default())
                .await
                .expect("delete the CRD");
        }
    }
    let group = || async {
        let request = http::Request::get("/apis/tekton.dev")
            .body(Vec::new())
            .expect("a request");
        bare.client().request_text(request).await.is_ok()
    };
    wait(|| async { !group().await }).await;

    let since = std::time::SystemTime::now();
    let out = kt_with(Some(bare.kubeconfig()), &["list", "pr"]).await;
    out.expect_code(1);
    one_error(
        &out,
        &[
            "Tekton is not installed on the cluster at https://127.0.0.1:16445",
            "install Tekton Pipelines",
        ],
    );
    // One request found it out: the tekton.dev group, not a full discovery.
    let requests = bare
        .audited_requests(
            &RequestFilter::between(since, std::time::SystemTime::now())
                .user_agent_prefix("kubectl-tekton/"),
        )
        .await
        .expect("the bare server's audit log");
    let uris: Vec<&str> = requests.iter().map(|r| r.request_uri.as_str()).collect();
    assert_eq!(uris, ["/apis/tekton.dev"]);

    // Now a Tekton that serves PipelineRuns only as v1beta1 (an old one): the plugin finds
    // that out and reads the v1beta1 fields.
    for (plural, kind) in kinds {
        let definition: CustomResourceDefinition = serde_json::from_value(serde_json::json!({
            "metadata": {"name": format!("{plural}.tekton.dev")},
            "spec": {
                "group": "tekton.dev", "scope": "Namespaced",
                "names": {"plural": plural, "singular": kind.to_lowercase(), "kind": kind},
                "versions": [{"name": "v1beta1", "served": true, "storage": true,
                    "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}],
            },
        }))
        .expect("a CRD");
        crds.create(&PostParams::default(), &definition)
            .await
            .expect("create the CRD");
    }
    wait(group).await;
    let runs: Api<DynamicObject> = Api::namespaced_with(
        bare.client(),
        "default",
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("tekton.dev", "v1beta1", "PipelineRun"),
            "pipelineruns",
        ),
    );
    let run: DynamicObject = serde_json::from_value(serde_json::json!({
        "apiVersion": "tekton.dev/v1beta1", "kind": "PipelineRun",
        "metadata": {"name": "old-style"},
        "spec": {"pipelineRef": {"name": "build"}, "serviceAccountName": "builder", "timeout": "1h0m0s"},
        "status": {
            "startTime": "2026-12-06T10:00:00Z", "completionTime": "2026-12-06T11:00:00Z",
            "conditions": [{"type": "Succeeded", "status": "False", "reason": "PipelineRunTimeout"}],
            "pipelineResults": [{"name": "digest", "value": "sha256:abc"}],
        },
    }))
    .expect("a run");
    // Until the CRD is established, creating may be refused for a moment.
    wait(|| async { runs.create(&PostParams::default(), &run).await.is_ok() }).await;
    let out = kt_with(Some(bare.kubeconfig()), &["-n", "default", "list", "pr"]).await;
    out.expect_code(0);
    let row = out.stdout.lines().nth(1).unwrap_or_default();
    assert!(row.starts_with("old-style "), "{}", out.stdout);
    assert!(
        row.ends_with("   1h0m0s     Failed(PipelineRunTimeout)"),
        "{row}"
    );
    let out = kt_with(
        Some(bare.kubeconfig()),
        &["-n", "default", "describe", "pr", "old-style"],
    )
    .await;
    out.expect_code(0);
    for expected in [
        "Status:          Failed(PipelineRunTimeout)",
        "Duration:        1h0m0s",
        "Timeout:         1h0m0s",
        "Service account: builder",
        "digest   sha256:abc",
    ] {
        assert!(
            out.stdout.contains(expected),
            "`{expected}` missing:\n{}",
            out.stdout
        );
    }
    for (plural, _) in kinds {
        crds.delete(&format!("{plural}.tekton.dev"), &DeleteParams::default())
            .await
            .expect("delete the CRD");
    }
}

/// Polls `condition` until it holds, for at most [`util::TIMEOUT`].
async fn wait<F, Fut>(condition: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + util::TIMEOUT;
    while !condition().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not in {:?}",
            util::TIMEOUT
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn not_found_names_the_closest_run() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("notfound").await.expect("namespace");
    util::create(
        &cluster,
        &ns,
        util::pending("nightly-build", serde_json::json!({})),
    )
    .await;
    let out = kt(&cluster, &ns, &["describe", "pr", "nightly-biuld"]).await;
    out.expect_code(1);
    one_error(
        &out,
        &[
            "PipelineRun `nightly-biuld` not found",
            &format!("namespace `{}`", ns.name()),
            "did you mean `nightly-build`?",
        ],
    );
}
