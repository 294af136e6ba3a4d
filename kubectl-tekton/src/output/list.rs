//! The rows of `list`: which columns each kind shows, and each object's cells.

use k8s_openapi::jiff::Timestamp;
use kube::api::DynamicObject;
use serde_json::Value;

use crate::duration::{Ago, Go};
use crate::output::table::Table;
use crate::resource::Kind;
use crate::run::{RunInfo, between};

/// The columns shown for a kind.
pub struct View {
    pub kind: Kind,
    pub all_namespaces: bool,
    pub wide: bool,
}

impl View {
    pub fn table(&self) -> Table {
        let mut headers = Vec::new();
        if self.all_namespaces {
            headers.push("NAMESPACE");
        }
        headers.push("NAME");
        match self.kind {
            Kind::PipelineRun | Kind::TaskRun => {
                headers.extend(["STARTED", "DURATION", "STATUS"]);
                if self.wide {
                    headers.push(if self.kind == Kind::PipelineRun {
                        "PIPELINE"
                    } else {
                        "TASK"
                    });
                }
            }
            Kind::Pipeline | Kind::Task => {
                headers.extend(["DESCRIPTION", "AGE"]);
                if self.wide {
                    headers.push("PARAMS");
                }
            }
        }
        Table::new(headers)
    }

    pub fn row(&self, object: &DynamicObject, now: Timestamp) -> Vec<String> {
        let info = RunInfo::new(object);
        let mut row = Vec::new();
        if self.all_namespaces {
            row.push(info.namespace().to_owned());
        }
        row.push(info.name().to_owned());
        let none = || "---".to_owned();
        match self.kind {
            Kind::PipelineRun | Kind::TaskRun => {
                row.push(
                    info.started()
                        .map_or_else(none, |t| Ago(between(t, now)).to_string()),
                );
                row.push(info.duration().map_or_else(none, |d| Go(d).to_string()));
                row.push(info.state().label());
                if self.wide {
                    row.push(runs_what(&info, self.kind).unwrap_or_else(none));
                }
            }
            Kind::Pipeline | Kind::Task => {
                row.push(description(info.spec()));
                row.push(
                    info.created()
                        .map_or_else(none, |t| Ago(between(t, now)).to_string()),
                );
                if self.wide {
                    row.push(param_names(info.spec()));
                }
            }
        }
        row
    }
}

/// The Pipeline or Task a run runs: its label, else its reference, else `(embedded)`.
fn runs_what(info: &RunInfo<'_>, kind: Kind) -> Option<String> {
    let (label, reference) = match kind {
        Kind::PipelineRun => ("tekton.dev/pipeline", "pipelineRef"),
        _ => ("tekton.dev/task", "taskRef"),
    };
    if let Some(name) = info.label(label) {
        return Some(name.to_owned());
    }
    let spec = info.spec()?;
    match spec.get(reference) {
        Some(r) => r
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                r.get("resolver")
                    .and_then(Value::as_str)
                    .map(|resolver| format!("({resolver} resolver)"))
            }),
        None => Some("(embedded)".to_owned()),
    }
}

/// The first line of `spec.description`, cut to a table-friendly length.
fn description(spec: Option<&Value>) -> String {
    const MAX: usize = 50;
    let text = spec
        .and_then(|s| s.get("description"))
        .and_then(Value::as_str)
        .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("---");
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 3).collect();
        format!("{}...", cut.trim_end())
    } else {
        text.to_owned()
    }
}

fn param_names(spec: Option<&Value>) -> String {
    let names: Vec<&str> = spec
        .and_then(|s| s.get("params"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .collect();
    if names.is_empty() {
        "---".to_owned()
    } else {
        names.join(",")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(name: &str, namespace: &str, status: Value) -> DynamicObject {
        serde_json::from_value(json!({
            "apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
            "metadata": {"name": name, "namespace": namespace, "creationTimestamp": "2026-12-06T09:00:00Z",
                "labels": {"tekton.dev/pipeline": "ci"}},
            "spec": {"pipelineRef": {"name": "ci"}},
            "status": status,
        }))
        .expect("a valid run")
    }

    #[test]
    fn run_tables_in_each_shape() {
        let now: Timestamp = "2026-12-06T10:10:00Z".parse().expect("a time");
        let runs = [
            run(
                "timed-out",
                "ci",
                json!({"startTime": "2026-12-06T08:00:00Z", "completionTime": "2026-12-06T09:00:00Z",
                "conditions": [{"type": "Succeeded", "status": "False", "reason": "PipelineRunTimeout"}]}),
            ),
            run(
                "ok",
                "web",
                json!({"startTime": "2026-12-06T10:08:30Z", "completionTime": "2026-12-06T10:09:45Z",
                "conditions": [{"type": "Succeeded", "status": "True", "reason": "Succeeded"}]}),
            ),
            run(
                "running",
                "ci",
                json!({"startTime": "2026-12-06T10:09:58Z",
                "conditions": [{"type": "Succeeded", "status": "Unknown", "reason": "Running"}]}),
            ),
            run("queued", "ci", json!({})),
        ];
        let mut shown = String::new();
        for (all_namespaces, wide) in [(false, false), (true, true)] {
            let view = View {
                kind: Kind::PipelineRun,
                all_namespaces,
                wide,
            };
            let mut table = view.table();
            for object in &runs {
                table.row(view.row(object, now));
            }
            shown.push_str(&table.render(true));
            shown.push('\n');
        }
        insta::assert_snapshot!(shown);
    }
}
