//! The order tasks are shown in: the pipeline's DAG as `tekton-analysis` builds it from
//! the pipeline that ran (`status.pipelineSpec`), then the finally tasks as written.

use std::collections::HashMap;

use tekton_analysis::dag::{DagBuilder, Section};
use tekton_analysis::variables::{self, Variable};

use super::runs::{PipelineSpec, PipelineTask};

/// Each pipeline task's place in the order, by name; a name not in the spec sorts last.
#[derive(Clone, Debug, Default)]
pub struct TaskOrder {
    rank: HashMap<String, usize>,
}

impl TaskOrder {
    pub fn new(spec: &PipelineSpec) -> Self {
        let mut builder = DagBuilder::new();
        let mut ids = Vec::new();
        for task in &spec.tasks {
            ids.push((builder.task(&task.name, Section::Tasks), task));
        }
        for task in &spec.finally {
            builder.task(&task.name, Section::Finally);
        }
        let mut references = Vec::new();
        for (id, task) in &ids {
            for target in &task.run_after {
                builder.depend(*id, target.as_str(), ());
            }
            strings_of(task, &mut references);
            for text in references.drain(..) {
                for reference in variables::references(text) {
                    if reference.is_expression()
                        && let Variable::TaskResult { task: target, .. } = reference.variable
                    {
                        builder.depend(*id, target.text, ());
                    }
                }
            }
        }
        let dag = builder.build();
        let mut rank = HashMap::new();
        let ordered = dag.order().iter().map(|&id| dag.name(id));
        // A cycle cannot run, but keep every task somewhere: after the ordered ones.
        let rest = spec.tasks.iter().map(|t| t.name.as_str());
        let finally = spec.finally.iter().map(|t| t.name.as_str());
        for name in ordered.chain(rest).chain(finally) {
            let next = rank.len();
            rank.entry(name.to_owned()).or_insert(next);
        }
        Self { rank }
    }

    /// Where the task named `name` goes.
    pub fn rank(&self, name: &str) -> usize {
        self.rank.get(name).copied().unwrap_or(usize::MAX)
    }
}

/// The strings of a pipeline task where result references make dependencies (upstream:
/// params, when expressions and the matrix).
fn strings_of<'a>(task: &'a PipelineTask, out: &mut Vec<&'a str>) {
    for value in [&task.params, &task.when] {
        collect_strings(value, out);
    }
    if let Some(matrix) = &task.matrix {
        collect_strings(matrix, out);
    }
}

fn collect_strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: serde_json::Value) -> PipelineSpec {
        serde_json::from_value(json).expect("a pipeline spec")
    }

    #[test]
    fn tasks_follow_run_after_and_result_references_then_finally() {
        let spec = spec(serde_json::json!({
            "tasks": [
                {"name": "deploy", "runAfter": ["test"]},
                {"name": "test", "params": [{"name": "image", "value": "$(tasks.build.results.image)"}]},
                {"name": "build"},
                {"name": "lint", "when": [{"input": "$(tasks.build.results.ok)", "operator": "in", "values": ["true"]}]}
            ],
            "finally": [{"name": "notify"}, {"name": "cleanup"}]
        }));
        let order = TaskOrder::new(&spec);
        let mut names = vec!["notify", "deploy", "lint", "cleanup", "test", "build"];
        names.sort_by_key(|n| order.rank(n));
        // lint is ready as soon as build is done, before deploy (which waits for test).
        assert_eq!(
            names,
            ["build", "test", "lint", "deploy", "notify", "cleanup"]
        );
        assert_eq!(order.rank("unknown"), usize::MAX);
    }
}
