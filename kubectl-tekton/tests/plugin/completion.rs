//! Completion: the engine over the real binary, kubectl's own plugin completion through
//! `kubectl_complete-tekton`, and the bash script.

use std::path::{Path, PathBuf};

use serde_json::json;
use tekton_testcluster::Cluster;

use crate::util::{self, kt_with};

fn plugin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_kubectl-tekton"))
        .parent()
        .expect("the binaries' folder")
        .to_path_buf()
}

/// The candidates of a `__complete` answer, without descriptions, and its directive.
fn candidates(stdout: &str) -> (Vec<&str>, &str) {
    let mut lines: Vec<&str> = stdout.lines().collect();
    let directive = lines.pop().expect("a directive line");
    let names = lines
        .into_iter()
        .map(|l| l.split('\t').next().unwrap_or_default())
        .collect();
    (names, directive)
}

#[tokio::test]
async fn subcommands_and_values_complete_without_a_cluster() {
    let out = kt_with(None, &["__complete", "de"]).await;
    out.expect_code(0);
    assert_eq!(candidates(&out.stdout), (vec!["describe", "delete"], ":4"));
    let out = kt_with(None, &["__complete", "list", "pr", "-o", ""]).await;
    assert_eq!(
        candidates(&out.stdout),
        (vec!["json", "yaml", "name", "wide"], ":4")
    );
    let out = kt_with(None, &["__complete", "create", "-f", ""]).await;
    assert_eq!(candidates(&out.stdout), (vec![], ":0"), "file names");
}

#[tokio::test]
#[ignore = "needs the local cluster: tests/cluster/up"]
async fn run_names_come_from_the_cluster_and_kubectl_completes_through_the_plugin() {
    let cluster = Cluster::connect().await.expect("connect");
    let ns = cluster.namespace("complete").await.expect("namespace");
    for name in ["nightly-1", "nightly-2", "release-1"] {
        util::create(&cluster, &ns, util::pending(name, json!({}))).await;
    }
    let out = kt_with(
        Some(cluster.kubeconfig()),
        &["__complete", "-n", ns.name(), "describe", "pr", "night"],
    )
    .await;
    out.expect_code(0);
    assert_eq!(
        candidates(&out.stdout),
        (vec!["nightly-1", "nightly-2"], ":4")
    );

    // kubectl 1.26+ runs kubectl_complete-tekton from PATH with the words after `tekton`.
    let kubectl = kubectl();
    let path = std::env::join_paths(std::iter::once(plugin_dir()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("a PATH");
    let out = tokio::process::Command::new(&kubectl)
        .env("KUBECONFIG", cluster.kubeconfig())
        .env("PATH", &path)
        .args(["__complete", "tekton", "-n", ns.name(), "cancel", "rel"])
        .output()
        .await
        .expect("run kubectl");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        candidates(&stdout),
        (vec!["release-1"], ":4"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The kubectl `tests/cluster/up` built.
fn kubectl() -> PathBuf {
    let cache = tekton_testcluster::run_dir()
        .parent()
        .expect("the cluster cache")
        .to_path_buf();
    std::fs::read_dir(&cache)
        .expect("the cluster cache")
        .filter_map(|e| e.ok().map(|e| e.path().join("kubectl")))
        .find(|p| p.is_file())
        .expect("kubectl built by tests/cluster/up")
}

#[tokio::test]
async fn the_bash_script_completes_through_the_binary() {
    let script = kt_with(None, &["completion", "bash"]).await;
    script.expect_code(0);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("completion.bash");
    std::fs::write(&file, &script.stdout).expect("write the script");
    let probe = format!(
        "source {}; COMP_WORDS=(kubectl-tekton list p); COMP_CWORD=2; _kubectl_tekton; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let path = std::env::join_paths(std::iter::once(plugin_dir()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("a PATH");
    let out = tokio::process::Command::new("bash")
        .env("PATH", path)
        .env("HOME", "/nonexistent")
        .args(["--norc", "-c", &probe])
        .output()
        .await
        .expect("run bash");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "pipelineruns\npipelines\n"
    );
}

#[tokio::test]
async fn a_cluster_that_never_answers_does_not_hang_the_shell() {
    // A server that accepts connections and then says nothing.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen on loopback");
    let address = listener.local_addr().expect("its address");
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let kubeconfig = dir.path().join("config");
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: slow\nclusters:\n- name: c\n  cluster: {{server: 'https://{address}'}}\ncontexts:\n- name: slow\n  context: {{cluster: c, user: u}}\nusers:\n- name: u\n  user: {{token: abc}}\n"
        ),
    )
    .expect("write the kubeconfig");
    let started = std::time::Instant::now();
    let out = kt_with(Some(&kubeconfig), &["__complete", "describe", "pr", ""]).await;
    let took = started.elapsed();
    silent.abort();
    out.expect_code(0);
    assert_eq!(out.stdout, ":4\n");
    // The completion gives up after 1.5 s; allow for a slow machine, not for a hang.
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
}
