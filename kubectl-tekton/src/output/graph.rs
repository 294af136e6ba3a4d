//! `graph` output: a pipeline's DAG (as `tekton-analysis` builds it) in Mermaid or DOT, with
//! `runAfter` edges solid, result-reference edges dashed, finally tasks in a group of their
//! own, and, for a run, each task coloured by its status.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use tekton_analysis::dag::{Dag, Section, TaskId};
use tekton_analysis::rules::{Dep, DepKind};

/// Where a pipeline task of a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskStatus {
    Succeeded,
    Failed,
    Cancelled,
    Running,
    Pending,
    Skipped,
    NotRun,
}

impl TaskStatus {
    fn label(self) -> &'static str {
        match self {
            TaskStatus::Succeeded => "Succeeded",
            TaskStatus::Failed => "Failed",
            TaskStatus::Cancelled => "Cancelled",
            TaskStatus::Running => "Running",
            TaskStatus::Pending => "Pending",
            TaskStatus::Skipped => "Skipped",
            TaskStatus::NotRun => "Not run",
        }
    }

    fn class(self) -> &'static str {
        match self {
            TaskStatus::Succeeded => "succeeded",
            TaskStatus::Failed => "failed",
            TaskStatus::Cancelled => "cancelled",
            TaskStatus::Running => "running",
            TaskStatus::Pending => "pending",
            TaskStatus::Skipped => "skipped",
            TaskStatus::NotRun => "notrun",
        }
    }

    /// Fill and border colours: green, red, amber, blue, grey.
    fn colours(self) -> (&'static str, &'static str) {
        match self {
            TaskStatus::Succeeded => ("#c8e6c9", "#2e7d32"),
            TaskStatus::Failed => ("#ffcdd2", "#c62828"),
            TaskStatus::Cancelled => ("#ffe0b2", "#ef6c00"),
            TaskStatus::Running => ("#bbdefb", "#1565c0"),
            TaskStatus::Pending | TaskStatus::NotRun => ("#eeeeee", "#9e9e9e"),
            TaskStatus::Skipped => ("#f5f5f5", "#bdbdbd"),
        }
    }

    const ALL: [TaskStatus; 7] = [
        TaskStatus::Succeeded,
        TaskStatus::Failed,
        TaskStatus::Cancelled,
        TaskStatus::Running,
        TaskStatus::Pending,
        TaskStatus::Skipped,
        TaskStatus::NotRun,
    ];
}

/// The edges to draw: from the task depended on to the dependent one, once per kind.
fn edges(dag: &Dag<'_, Dep>) -> BTreeSet<(TaskId, TaskId, bool)> {
    dag.dependencies()
        .filter_map(|(_, dep)| {
            let to = dep.to?;
            // Dependencies the linter reports as errors (on a finally task, on itself) are
            // not edges of the pipeline that runs.
            let finally_target = dag.task(to).is_some_and(|t| t.section == Section::Finally);
            (to != dep.from && !finally_target).then_some((
                to,
                dep.from,
                dep.payload.kind == DepKind::Result,
            ))
        })
        .collect()
}

pub fn mermaid(dag: &Dag<'_, Dep>, status: &dyn Fn(&str) -> Option<TaskStatus>) -> String {
    let mut out = String::from("flowchart LR\n");
    let node = |out: &mut String, indent: &str, id: TaskId, name: &str| {
        let _ = match status(name) {
            Some(s) => writeln!(out, "{indent}t{}[\"{name}<br/>{}\"]", id.0, s.label()),
            None => writeln!(out, "{indent}t{}[\"{name}\"]", id.0),
        };
    };
    let finally: Vec<(TaskId, &str)> = dag
        .tasks()
        .filter(|(_, t)| t.section == Section::Finally)
        .map(|(id, t)| (id, t.name))
        .collect();
    for (id, task) in dag.tasks().filter(|(_, t)| t.section == Section::Tasks) {
        node(&mut out, "    ", id, task.name);
    }
    if !finally.is_empty() {
        out.push_str("    subgraph finally [finally]\n");
        for &(id, name) in &finally {
            node(&mut out, "        ", id, name);
        }
        out.push_str("    end\n");
    }
    for (from, to, result) in edges(dag) {
        let arrow = if result { "-. results .->" } else { "-->" };
        let _ = writeln!(out, "    t{} {arrow} t{}", from.0, to.0);
    }
    let mut used = Vec::new();
    for (id, task) in dag.tasks() {
        if let Some(s) = status(task.name) {
            used.push((s, id));
        }
    }
    for kind in TaskStatus::ALL {
        let ids: Vec<String> = used
            .iter()
            .filter(|(s, _)| *s == kind)
            .map(|(_, id)| format!("t{}", id.0))
            .collect();
        if ids.is_empty() {
            continue;
        }
        let (fill, stroke) = kind.colours();
        let _ = writeln!(
            out,
            "    classDef {} fill:{fill},stroke:{stroke}",
            kind.class()
        );
        let _ = writeln!(out, "    class {} {}", ids.join(","), kind.class());
    }
    out
}

pub fn dot(title: &str, dag: &Dag<'_, Dep>, status: &dyn Fn(&str) -> Option<TaskStatus>) -> String {
    let mut out = format!("digraph {} {{\n", quote(title));
    out.push_str("    rankdir=LR;\n");
    out.push_str("    node [shape=box, style=\"rounded,filled\", fillcolor=\"white\"];\n");
    let node = |out: &mut String, indent: &str, name: &str| {
        let _ = match status(name) {
            Some(s) => {
                let (fill, stroke) = s.colours();
                writeln!(
                    out,
                    "{indent}{} [label={}, fillcolor=\"{fill}\", color=\"{stroke}\"];",
                    quote(name),
                    quote(&format!("{name}\\n{}", s.label()))
                )
            }
            None => writeln!(out, "{indent}{};", quote(name)),
        };
    };
    for (_, task) in dag.tasks().filter(|(_, t)| t.section == Section::Tasks) {
        node(&mut out, "    ", task.name);
    }
    let finally: Vec<&str> = dag
        .tasks()
        .filter(|(_, t)| t.section == Section::Finally)
        .map(|(_, t)| t.name)
        .collect();
    if !finally.is_empty() {
        out.push_str(
            "    subgraph cluster_finally {\n        label=\"finally\";\n        style=dashed;\n",
        );
        for name in finally {
            node(&mut out, "        ", name);
        }
        out.push_str("    }\n");
    }
    for (from, to, result) in edges(dag) {
        let style = if result {
            " [style=dashed, label=\"results\"]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    {} -> {}{style};",
            quote(dag.name(from)),
            quote(dag.name(to))
        );
    }
    out.push_str("}\n");
    out
}

/// A DOT string: quoted, its quotes escaped (task names hold no backslashes).
fn quote(text: &str) -> String {
    let escaped = text.replace('"', "\\\"");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use tekton_analysis::rules::view::View;
    use tekton_analysis::syntax;

    use super::*;

    const PIPELINE: &str = r#"{
  "tasks": [
    {"name": "fetch", "taskRef": {"name": "git"}},
    {"name": "build", "runAfter": ["fetch"], "taskRef": {"name": "b"},
     "params": [{"name": "rev", "value": "$(tasks.fetch.results.commit)"}]},
    {"name": "test", "taskRef": {"name": "t"},
     "params": [{"name": "image", "value": "$(tasks.build.results.image)"}]},
    {"name": "lint", "runAfter": ["fetch"], "taskRef": {"name": "l"}}
  ],
  "finally": [
    {"name": "notify", "taskRef": {"name": "n"},
     "params": [{"name": "image", "value": "$(tasks.build.results.image)"}]}
  ]
}"#;

    fn render(draw: impl Fn(&Dag<'_, Dep>) -> String) -> String {
        let tree = syntax::parse(PIPELINE);
        let root = tree.documents()[0].root.expect("a document");
        let dag = tekton_analysis::rules::pipeline_graph(PIPELINE, View::new(&tree, root));
        draw(&dag)
    }

    fn run_status(name: &str) -> Option<TaskStatus> {
        Some(match name {
            "fetch" | "build" => TaskStatus::Succeeded,
            "test" => TaskStatus::Failed,
            "lint" => TaskStatus::Skipped,
            _ => TaskStatus::Running,
        })
    }

    #[test]
    fn mermaid_of_a_pipeline_and_of_a_run() {
        insta::assert_snapshot!("mermaid_pipeline", render(|dag| mermaid(dag, &|_| None)));
        insta::assert_snapshot!("mermaid_run", render(|dag| mermaid(dag, &run_status)));
    }

    #[test]
    fn dot_of_a_pipeline_and_of_a_run() {
        insta::assert_snapshot!("dot_pipeline", render(|dag| dot("ci", dag, &|_| None)));
        insta::assert_snapshot!("dot_run", render(|dag| dot("ci-run-1", dag, &run_status)));
    }
}
