//! The order tasks are shown in: the pipeline's DAG as the linter builds it from the
//! pipeline that ran (`status.pipelineSpec`), then the finally tasks as written.

use std::collections::HashMap;

use serde_json::Value;

use crate::pipeline_dag;

/// Each pipeline task's place in the order, by name; a name not in the spec sorts last.
#[derive(Clone, Debug, Default)]
pub struct TaskOrder {
    rank: HashMap<String, usize>,
}

impl TaskOrder {
    /// The order of the tasks of `spec`, a run's `status.pipelineSpec`.
    pub fn new(spec: &Value) -> Self {
        let mut rank = HashMap::new();
        let mut place = |name: &str| {
            let next = rank.len();
            rank.entry(name.to_owned()).or_insert(next);
        };
        pipeline_dag::with_dag(spec, |dag| {
            dag.order().iter().for_each(|&id| place(dag.name(id)));
        });
        // A cycle cannot run, but keep every task somewhere: after the ordered ones, then
        // the finally tasks as written.
        for section in ["tasks", "finally"] {
            task_names(spec, section).for_each(&mut place);
        }
        Self { rank }
    }

    /// Where the task named `name` goes.
    pub fn rank(&self, name: &str) -> usize {
        self.rank.get(name).copied().unwrap_or(usize::MAX)
    }
}

/// The names of the pipeline tasks in `section` (`tasks` or `finally`) of a pipeline spec.
fn task_names<'a>(spec: &'a Value, section: &str) -> impl Iterator<Item = &'a str> {
    pipeline_tasks(spec, section).filter_map(|task| task.get("name")?.as_str())
}

fn pipeline_tasks<'a>(spec: &'a Value, section: &str) -> impl Iterator<Item = &'a Value> {
    spec.get(section)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Whether pipeline task `name` of `spec` fans out with a matrix.
pub fn fans_out(spec: &Value, name: &str) -> bool {
    ["tasks", "finally"].into_iter().any(|section| {
        pipeline_tasks(spec, section).any(|task| {
            task.get("name").and_then(Value::as_str) == Some(name)
                && task.get("matrix").is_some_and(|matrix| !matrix.is_null())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_follow_run_after_and_result_references_then_finally() {
        let spec = serde_json::json!({
            "tasks": [
                {"name": "deploy", "runAfter": ["test"]},
                {"name": "test", "params": [{"name": "image", "value": "$(tasks.build.results.image)"}]},
                {"name": "build"},
                {"name": "lint", "when": [{"input": "$(tasks.build.results.ok)", "operator": "in", "values": ["true"]}]}
            ],
            "finally": [{"name": "notify"}, {"name": "cleanup"}]
        });
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
