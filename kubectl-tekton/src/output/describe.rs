//! The text of `describe`: a run's status and reason, times, params, results, workspaces,
//! then its tasks (a PipelineRun: one row per TaskRun, matrix children included, skipped tasks
//! with why) or its steps (a TaskRun), and the failure messages. Pure functions of the
//! objects and of `now`, so the output is snapshot-tested with fixed times.

use std::fmt::Write as _;

use k8s_openapi::jiff::Timestamp;
use kube::api::DynamicObject;
use serde_json::Value;

use crate::duration::{Ago, Go};
use crate::output::table::Table;
use crate::run::{Phase, RunInfo, State, between, time};

const NONE: &str = "---";

pub fn pipeline_run(run: &DynamicObject, children: &[DynamicObject], now: Timestamp) -> String {
    let info = RunInfo::new(run);
    let (mut fields, spec, status) = head(&info);
    fields.add(
        "Pipeline",
        reference(
            spec,
            "pipelineRef",
            "pipelineSpec",
            info.label("tekton.dev/pipeline"),
        ),
    );
    add_state(&mut fields, &info.state());
    add_times(&mut fields, &info, now);
    let timeout = spec
        .pointer("/timeouts/pipeline")
        .or_else(|| spec.get("timeout"));
    fields.add("Timeout", text(timeout).unwrap_or("default"));
    let account = spec
        .pointer("/taskRunTemplate/serviceAccountName")
        .or_else(|| spec.get("serviceAccountName"));
    fields.add("Service account", text(account).unwrap_or("default"));
    let mut out = fields.render();

    section(&mut out, "Params", params(spec.get("params")));
    let results = status
        .get("results")
        .or_else(|| status.get("pipelineResults"));
    section(&mut out, "Results", params(results));
    section(&mut out, "Workspaces", workspaces(spec.get("workspaces")));
    let finished = info.state().phase.is_done();
    // As resolved by the controller, else as embedded (a run not reconciled yet).
    let pipeline = status
        .get("pipelineSpec")
        .or_else(|| spec.get("pipelineSpec"));
    section(
        &mut out,
        "Tasks",
        tasks(status, pipeline, children, finished, now),
    );
    section(
        &mut out,
        "Skipped tasks",
        skipped(status.get("skippedTasks")),
    );
    section(&mut out, "Failures", failures(&info, children));
    out
}

pub fn task_run(run: &DynamicObject, now: Timestamp) -> String {
    let info = RunInfo::new(run);
    let (mut fields, spec, status) = head(&info);
    fields.add(
        "Task",
        reference(spec, "taskRef", "taskSpec", info.label("tekton.dev/task")),
    );
    if let Some(parent) = info.label("tekton.dev/pipelineRun") {
        fields.add("PipelineRun", parent);
    }
    add_state(&mut fields, &info.state());
    add_times(&mut fields, &info, now);
    fields.add("Attempts", attempts(status).to_string());
    fields.add("Timeout", text(spec.get("timeout")).unwrap_or("default"));
    fields.add(
        "Service account",
        text(spec.get("serviceAccountName")).unwrap_or("default"),
    );
    fields.add("Pod", text(status.get("podName")).unwrap_or(NONE));
    let mut out = fields.render();

    section(&mut out, "Params", params(spec.get("params")));
    let results = status.get("results").or_else(|| status.get("taskResults"));
    section(&mut out, "Results", params(results));
    section(&mut out, "Workspaces", workspaces(spec.get("workspaces")));
    section(&mut out, "Steps", steps(status));
    out
}

/// The fields every description starts with, and the run's spec and status (null when
/// absent).
fn head<'a>(info: &RunInfo<'a>) -> (Fields, &'a Value, &'a Value) {
    let mut fields = Fields::default();
    fields.add("Name", info.name());
    fields.add("Namespace", info.namespace());
    let spec = info.spec().unwrap_or(&Value::Null);
    let status = info.status().unwrap_or(&Value::Null);
    (fields, spec, status)
}

/// `Label:  value` lines with the values aligned.
#[derive(Default)]
struct Fields(Vec<(&'static str, String)>);

impl Fields {
    fn add(&mut self, label: &'static str, value: impl Into<String>) {
        self.0.push((label, value.into()));
    }

    fn render(&self) -> String {
        let width = self.0.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 2;
        let mut out = String::new();
        for (label, value) in &self.0 {
            let _ = writeln!(out, "{:<width$}{value}", format!("{label}:"));
        }
        out
    }
}

/// A titled table, left out when it has no rows.
fn section(out: &mut String, title: &str, table: Option<Table>) {
    let Some(table) = table.filter(|t| !t.is_empty()) else {
        return;
    };
    let _ = writeln!(out, "\n{title}");
    for line in table.render(true).lines() {
        let _ = writeln!(out, "  {line}");
    }
}

fn add_state(fields: &mut Fields, state: &State) {
    fields.add("Status", state.label());
    if let Some(message) = &state.message {
        fields.add("Message", message.clone());
    }
}

fn add_times(fields: &mut Fields, info: &RunInfo<'_>, now: Timestamp) {
    match info.started() {
        Some(started) => fields.add(
            "Started",
            format!("{} ({started})", Ago(between(started, now))),
        ),
        None => fields.add("Started", NONE),
    }
    match (info.started(), info.completed()) {
        (Some(started), Some(completed)) => {
            fields.add("Duration", Go(between(started, completed)).to_string());
        }
        (Some(started), None) => {
            fields.add("Duration", format!("{} so far", Go(between(started, now))))
        }
        _ => fields.add("Duration", NONE),
    }
}

fn text(value: Option<&Value>) -> Option<&str> {
    value?.as_str().filter(|s| !s.is_empty())
}

/// What a run runs: `name` for a reference by name, `(resolver: git)`, or `(embedded)`.
fn reference(spec: &Value, by_ref: &str, inline: &str, label: Option<&str>) -> String {
    if let Some(reference) = spec.get(by_ref) {
        if let Some(name) = text(reference.get("name")) {
            return name.to_owned();
        }
        if let Some(resolver) = text(reference.get("resolver")) {
            let via = label.map(|l| format!("{l} ")).unwrap_or_default();
            return format!("{via}(resolver: {resolver})");
        }
    }
    if spec.get(inline).is_some() {
        return "(embedded)".to_owned();
    }
    label.unwrap_or(NONE).to_owned()
}

/// A param or result value on one line: strings as they are, arrays and objects as JSON.
fn value_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.replace('\n', "\\n"),
        Some(other) => other.to_string(),
        None => NONE.to_owned(),
    }
}

fn params(list: Option<&Value>) -> Option<Table> {
    let mut table = Table::new(vec!["NAME", "VALUE"]);
    for item in list?.as_array()? {
        table.row(vec![
            text(item.get("name")).unwrap_or(NONE).to_owned(),
            value_text(item.get("value")),
        ]);
    }
    Some(table)
}

fn workspaces(list: Option<&Value>) -> Option<Table> {
    let mut table = Table::new(vec!["NAME", "BINDING", "SUB PATH"]);
    for item in list?.as_array()? {
        table.row(vec![
            text(item.get("name")).unwrap_or(NONE).to_owned(),
            binding(item),
            text(item.get("subPath")).unwrap_or(NONE).to_owned(),
        ]);
    }
    Some(table)
}

/// The volume behind a workspace binding, in `-w`'s words.
fn binding(item: &Value) -> String {
    let field = |key: &str, field: &str| {
        item.get(key)
            .map(|v| text(v.get(field)).unwrap_or(NONE).to_owned())
    };
    if let Some(claim) = field("persistentVolumeClaim", "claimName") {
        return format!("claimName={claim}");
    }
    if let Some(name) = field("configMap", "name") {
        return format!("config={name}");
    }
    if let Some(name) = field("secret", "secretName") {
        return format!("secret={name}");
    }
    ["emptyDir", "volumeClaimTemplate", "projected", "csi"]
        .into_iter()
        .find(|kind| item.get(kind).is_some())
        .unwrap_or(NONE)
        .to_owned()
}

fn attempts(status: &Value) -> usize {
    1 + status
        .get("retriesStatus")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// One row per TaskRun of the PipelineRun, in the pipeline's order (`tasks`, then
/// `finally`), matrix children numbered; tasks not started yet show as `Pending`, or `Not run`
/// once the PipelineRun has finished.
fn tasks(
    status: &Value,
    pipeline: Option<&Value>,
    children: &[DynamicObject],
    finished: bool,
    now: Timestamp,
) -> Option<Table> {
    let mut table = Table::new(vec![
        "NAME", "TASKRUN", "STATUS", "ATTEMPTS", "STARTED", "DURATION",
    ]);
    let references: Vec<&Value> = status
        .get("childReferences")
        .and_then(Value::as_array)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    let skipped: Vec<&str> = status
        .get("skippedTasks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| text(t.get("name")))
        .collect();
    let mut order: Vec<(String, bool)> = Vec::new();
    for (list, finally) in [("tasks", false), ("finally", true)] {
        for task in pipeline
            .and_then(|s| s.get(list))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = text(task.get("name")) {
                order.push((name.to_owned(), finally));
            }
        }
    }
    // Without a spec (a Pipeline not resolved yet), the children alone give the order.
    for reference in &references {
        if let Some(name) = text(reference.get("pipelineTaskName"))
            && !order.iter().any(|(n, _)| n == name)
        {
            order.push((name.to_owned(), false));
        }
    }
    for (task, finally) in order {
        if skipped.contains(&task.as_str()) {
            continue;
        }
        let label = if finally {
            format!("{task} (finally)")
        } else {
            task.clone()
        };
        let mine: Vec<&&Value> = references
            .iter()
            .filter(|r| text(r.get("pipelineTaskName")) == Some(task.as_str()))
            .collect();
        if mine.is_empty() {
            let status = if finished { "Not run" } else { "Pending" };
            table.row(vec![
                label,
                NONE.into(),
                status.into(),
                "0".into(),
                NONE.into(),
                NONE.into(),
            ]);
            continue;
        }
        let matrix = mine.len() > 1;
        for (index, reference) in mine.iter().enumerate() {
            let name = text(reference.get("name")).unwrap_or(NONE);
            let shown = if matrix {
                format!("{label}[{index}]")
            } else {
                label.clone()
            };
            let child = children
                .iter()
                .find(|c| c.metadata.name.as_deref() == Some(name));
            let row = match child {
                Some(child) => {
                    let info = RunInfo::new(child);
                    let child_status = info.status().unwrap_or(&Value::Null);
                    vec![
                        shown,
                        name.to_owned(),
                        info.state().label(),
                        attempts(child_status).to_string(),
                        info.started()
                            .map_or(NONE.to_owned(), |t| Ago(between(t, now)).to_string()),
                        info.duration()
                            .map_or(NONE.to_owned(), |d| Go(d).to_string()),
                    ]
                }
                // A CustomRun, or a TaskRun deleted since.
                None => vec![
                    shown,
                    name.to_owned(),
                    text(reference.get("kind")).unwrap_or(NONE).to_owned(),
                    NONE.into(),
                    NONE.into(),
                    NONE.into(),
                ],
            };
            table.row(row);
        }
    }
    Some(table)
}

fn skipped(list: Option<&Value>) -> Option<Table> {
    let mut table = Table::new(vec!["NAME", "REASON"]);
    for task in list?.as_array()? {
        let mut reason = text(task.get("reason")).unwrap_or(NONE).to_owned();
        let whens: Vec<String> = task
            .get("whenExpressions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(when_text)
            .collect();
        if !whens.is_empty() {
            let _ = write!(reason, " ({})", whens.join(" && "));
        }
        table.row(vec![
            text(task.get("name")).unwrap_or(NONE).to_owned(),
            reason,
        ]);
    }
    Some(table)
}

/// A when expression as evaluated: `main in [main, release]`, or its CEL text.
fn when_text(when: &Value) -> String {
    if let Some(cel) = text(when.get("cel")) {
        return cel.to_owned();
    }
    let values: Vec<&str> = when
        .get("values")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    format!(
        "{} {} [{}]",
        text(when.get("input")).unwrap_or("\"\""),
        text(when.get("operator")).unwrap_or("in"),
        values.join(", ")
    )
}

/// Each failed TaskRun's message, for a PipelineRun that failed.
fn failures(info: &RunInfo<'_>, children: &[DynamicObject]) -> Option<Table> {
    if info.state().phase != Phase::Failed {
        return None;
    }
    let mut table = Table::new(vec!["TASKRUN", "MESSAGE"]);
    for child in children {
        let child = RunInfo::new(child);
        let state = child.state();
        if state.phase == Phase::Failed {
            table.row(vec![
                child.name().to_owned(),
                state.message.clone().unwrap_or_else(|| state.label()),
            ]);
        }
    }
    Some(table)
}

/// One row per step of the TaskRun, as its pod reported it.
fn steps(status: &Value) -> Option<Table> {
    let mut table = Table::new(vec!["NAME", "STATUS", "EXIT CODE", "DURATION"]);
    for step in status.get("steps")?.as_array()? {
        let name = text(step.get("name")).unwrap_or(NONE).to_owned();
        let row = if let Some(done) = step.get("terminated") {
            let code = done.get("exitCode").and_then(Value::as_i64).unwrap_or(0);
            let reason = text(done.get("reason"));
            let status = match (code, reason) {
                (0, _) => "Succeeded".to_owned(),
                (_, Some(reason)) if reason != "Error" && reason != "Completed" => {
                    format!("Failed({reason})")
                }
                _ => "Failed".to_owned(),
            };
            let duration = time(done.get("startedAt"))
                .zip(time(done.get("finishedAt")))
                .map_or(NONE.to_owned(), |(a, b)| Go(between(a, b)).to_string());
            vec![name, status, code.to_string(), duration]
        } else if step.get("running").is_some() {
            vec![name, "Running".into(), NONE.into(), NONE.into()]
        } else {
            let reason = step
                .pointer("/waiting/reason")
                .and_then(Value::as_str)
                .map_or("Waiting".to_owned(), |r| format!("Waiting({r})"));
            vec![name, reason, NONE.into(), NONE.into()]
        };
        table.row(row);
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> DynamicObject {
        serde_json::from_value(value).expect("a valid object")
    }

    fn now() -> Timestamp {
        "2026-12-06T10:10:00Z".parse().expect("a time")
    }

    fn succeeded(reason: &str) -> Value {
        json!([{"type": "Succeeded", "status": "True", "reason": reason}])
    }

    fn child(name: &str, task: &str, start: &str, end: &str, conditions: Value) -> DynamicObject {
        object(json!({
            "apiVersion": "tekton.dev/v1", "kind": "TaskRun",
            "metadata": {"name": name, "namespace": "ci", "labels": {
                "tekton.dev/pipelineRun": "ci-run", "tekton.dev/pipelineTask": task}},
            "spec": {"taskRef": {"name": "build"}},
            "status": {"startTime": start, "completionTime": end, "conditions": conditions},
        }))
    }

    #[test]
    fn a_failed_pipelinerun_with_matrix_skipped_and_retried_tasks() {
        let run = object(json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": "ci-run", "namespace": "ci", "labels": {"tekton.dev/pipeline": "ci"}},
            "spec": {
                "pipelineRef": {"name": "ci"},
                "params": [{"name": "env", "value": "dev"}, {"name": "targets", "value": ["a", "b"]}],
                "workspaces": [{"name": "src", "persistentVolumeClaim": {"claimName": "src-pvc"}, "subPath": "repo"}],
                "timeouts": {"pipeline": "1h0m0s"},
                "taskRunTemplate": {"serviceAccountName": "builder"},
            },
            "status": {
                "startTime": "2026-12-06T10:00:00Z", "completionTime": "2026-12-06T10:01:30Z",
                "conditions": [{"type": "Succeeded", "status": "False", "reason": "Failed",
                    "message": "Tasks Completed: 4 (Failed: 1, Cancelled 0), Skipped: 1"}],
                "pipelineSpec": {
                    "tasks": [{"name": "fetch"}, {"name": "build"}, {"name": "test"}, {"name": "deploy"}],
                    "finally": [{"name": "notify"}],
                },
                "childReferences": [
                    {"kind": "TaskRun", "name": "ci-run-fetch", "pipelineTaskName": "fetch"},
                    {"kind": "TaskRun", "name": "ci-run-build-0", "pipelineTaskName": "build"},
                    {"kind": "TaskRun", "name": "ci-run-build-1", "pipelineTaskName": "build"},
                    {"kind": "TaskRun", "name": "ci-run-test", "pipelineTaskName": "test"},
                    {"kind": "TaskRun", "name": "ci-run-notify", "pipelineTaskName": "notify"},
                ],
                "skippedTasks": [{"name": "deploy", "reason": "When Expressions evaluated to false",
                    "whenExpressions": [{"input": "dev", "operator": "in", "values": ["prod"]}]}],
                "results": [{"name": "digest", "value": "sha256:abc"}],
            },
        }));
        let mut test = child(
            "ci-run-test",
            "test",
            "2026-12-06T10:00:20Z",
            "2026-12-06T10:01:00Z",
            json!([{"type": "Succeeded", "status": "False", "reason": "Failed",
                "message": "\"step-unit\" exited with code 3"}]),
        );
        test.data["status"]["retriesStatus"] = json!([{}]);
        let children = vec![
            child(
                "ci-run-fetch",
                "fetch",
                "2026-12-06T10:00:00Z",
                "2026-12-06T10:00:05Z",
                succeeded("Succeeded"),
            ),
            child(
                "ci-run-build-0",
                "build",
                "2026-12-06T10:00:05Z",
                "2026-12-06T10:00:15Z",
                succeeded("Succeeded"),
            ),
            child(
                "ci-run-build-1",
                "build",
                "2026-12-06T10:00:05Z",
                "2026-12-06T10:00:20Z",
                succeeded("Succeeded"),
            ),
            test,
            child(
                "ci-run-notify",
                "notify",
                "2026-12-06T10:01:00Z",
                "2026-12-06T10:01:30Z",
                succeeded("Succeeded"),
            ),
        ];
        insta::assert_snapshot!(pipeline_run(&run, &children, now()));
    }

    #[test]
    fn a_failed_taskrun_with_its_steps() {
        let run = object(json!({
            "apiVersion": "tekton.dev/v1", "kind": "TaskRun",
            "metadata": {"name": "build-run-x7k2p", "namespace": "ci", "labels": {"tekton.dev/task": "build"}},
            "spec": {"taskRef": {"name": "build"}, "timeout": "10m", "params": [{"name": "target", "value": "all"}]},
            "status": {
                "startTime": "2026-12-06T10:00:00Z", "completionTime": "2026-12-06T10:00:42Z",
                "podName": "build-run-x7k2p-pod",
                "conditions": [{"type": "Succeeded", "status": "False", "reason": "Failed",
                    "message": "\"step-test\" exited with code 3"}],
                "steps": [
                    {"name": "compile", "terminated": {"exitCode": 0, "reason": "Completed",
                        "startedAt": "2026-12-06T10:00:01Z", "finishedAt": "2026-12-06T10:00:30Z"}},
                    {"name": "test", "terminated": {"exitCode": 3, "reason": "Error",
                        "startedAt": "2026-12-06T10:00:01Z", "finishedAt": "2026-12-06T10:00:41Z"}},
                    {"name": "upload", "waiting": {"reason": "PodInitializing"}},
                ],
                "results": [{"name": "log-url", "value": "https://logs/x"}],
            },
        }));
        insta::assert_snapshot!(task_run(&run, now()));
    }

    #[test]
    fn a_pipelinerun_not_started_yet() {
        let run = object(json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": "queued", "namespace": "ci"},
            "spec": {"pipelineSpec": {"tasks": [{"name": "a"}]}, "status": "PipelineRunPending"},
            "status": {"conditions": [{"type": "Succeeded", "status": "Unknown", "reason": "PipelineRunPending"}]},
        }));
        insta::assert_snapshot!(pipeline_run(&run, &[], now()));
    }
}
