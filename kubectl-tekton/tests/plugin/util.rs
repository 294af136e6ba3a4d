//! Running the plugin and preparing what it works on.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use kube::Api;
use kube::api::{DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::Value;
use tekton_testcluster::{Cluster, TestNamespace};
use tokio::process::Command;

/// Longest any one plugin command or run may take.
pub const TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug)]
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Asserts the exit status, showing the output when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// The plugin with no environment but `KUBECONFIG` (when given) and `HOME` pointing nowhere
/// useful, so nothing of the machine's own configuration leaks in.
pub fn command(kubeconfig: Option<&Path>, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kubectl-tekton"));
    command
        .env_clear()
        .env("HOME", "/nonexistent")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    if let Some(kubeconfig) = kubeconfig {
        command.env("KUBECONFIG", kubeconfig);
    }
    command
}

pub async fn output(mut command: Command) -> Out {
    let out = tokio::time::timeout(TIMEOUT, command.output())
        .await
        .expect("the plugin ends in time")
        .expect("run kubectl-tekton");
    Out {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `kubectl-tekton -n NS ARGS...` against the test cluster.
pub async fn kt(cluster: &Cluster, ns: &TestNamespace, args: &[&str]) -> Out {
    let mut all = vec!["-n", ns.name()];
    all.extend_from_slice(args);
    output(command(Some(cluster.kubeconfig()), &all)).await
}

/// `kubectl-tekton ARGS...` with the given kubeconfig (or none at all).
pub async fn kt_with(kubeconfig: Option<&Path>, args: &[&str]) -> Out {
    output(command(kubeconfig, args)).await
}

fn resource(kind: &str) -> ApiResource {
    let plural = format!("{}s", kind.to_ascii_lowercase());
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk("tekton.dev", "v1", kind), &plural)
}

/// An API for a `tekton.dev/v1` kind in the test namespace.
pub fn api(cluster: &Cluster, ns: &TestNamespace, kind: &str) -> Api<DynamicObject> {
    Api::namespaced_with(cluster.client(), ns.name(), &resource(kind))
}

/// Creates a `tekton.dev/v1` object given as JSON; returns it as created (with its name).
pub async fn create(cluster: &Cluster, ns: &TestNamespace, object: Value) -> DynamicObject {
    let kind = object["kind"].as_str().expect("a kind").to_owned();
    let object: DynamicObject = serde_json::from_value(object).expect("a valid object");
    api(cluster, ns, &kind)
        .create(&PostParams::default(), &object)
        .await
        .expect("create the object")
}

/// The names of the objects of `kind` in the test namespace.
pub async fn names(cluster: &Cluster, ns: &TestNamespace, kind: &str) -> Vec<String> {
    let mut names: Vec<String> = api(cluster, ns, kind)
        .list_metadata(&ListParams::default())
        .await
        .expect("list")
        .items
        .into_iter()
        .filter_map(|o| o.metadata.name)
        .collect();
    names.sort();
    names
}

/// The `Succeeded` condition's status and reason.
pub fn condition(object: &DynamicObject) -> (String, String) {
    let condition = object.data["status"]["conditions"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["type"] == "Succeeded"));
    let text = |key: &str| {
        condition
            .and_then(|c| c[key].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    (text("status"), text("reason"))
}

/// Waits until the object exists and `done` holds for it (polling: `wait_for` needs a
/// typed resource), and returns it.
pub async fn wait_until(
    api: &Api<DynamicObject>,
    name: &str,
    done: impl Fn(&DynamicObject) -> bool,
) -> DynamicObject {
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    loop {
        if let Some(object) = api.get_opt(name).await.expect("get the object")
            && done(&object)
        {
            return object;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{name} not ready in {TIMEOUT:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the run has finished, and returns it.
pub async fn finished(
    cluster: &Cluster,
    ns: &TestNamespace,
    kind: &str,
    name: &str,
) -> DynamicObject {
    wait_until(&api(cluster, ns, kind), name, |run| {
        matches!(condition(run).0.as_str(), "True" | "False")
    })
    .await
}

/// A PipelineRun held back by `PipelineRunPending`, so the controller leaves it alone.
pub fn pending(name: &str, labels: Value) -> Value {
    serde_json::json!({
        "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
        "metadata": {"name": name, "labels": labels},
        "spec": {"status": "PipelineRunPending", "pipelineSpec": {"tasks": [
            {"name": "a", "taskSpec": {"steps": [{"image": "alpine", "script": "true"}]}}]}},
    })
}

/// A Task of scripted steps (what they print and how they end is the run's annotations).
pub fn task(name: &str, steps: &[&str], params: Value) -> Value {
    let steps: Vec<Value> = steps
        .iter()
        .map(|s| serde_json::json!({"name": s, "image": "alpine", "script": "true"}))
        .collect();
    serde_json::json!({
        "apiVersion": "tekton.dev/v1", "kind": "Task",
        "metadata": {"name": name},
        "spec": {"params": params, "steps": steps},
    })
}

/// The words of a command's stdout lines, for comparing tables without their spacing.
pub fn rows(stdout: &str) -> Vec<Vec<&str>> {
    stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect()
}

/// Insta filters that make ages, durations, times and generated names stable.
pub fn stable_output() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d+ (second|minute|hour)s? ago", "[AGE]");
    settings.add_filter(r"\b\d+(h\d+m)?(m\d+)?s\b( so far)?", "[DURATION]");
    settings.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[TIME]");
    settings.add_filter(r"kt-[a-z-]+-[a-z0-9]{5}", "[NAMESPACE]");
    // Column widths follow the values the filters replaced.
    settings.add_filter(r"(\S) {2,}", "$1   ");
    settings.set_prepend_module_to_snapshot(false);
    settings
}
