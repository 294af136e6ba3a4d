//! The linter's pipeline DAG over a pipeline spec read from the API or a file (JSON), so that
//! `graph` and the order of `logs` both draw exactly the edges the linter checks: `runAfter`,
//! and result references wherever upstream makes them dependencies.

use serde_json::Value;
use tekton_analysis::dag::{Dag, DagBuilder};
use tekton_analysis::rules::view::View;
use tekton_analysis::rules::{Dep, pipeline_graph};
use tekton_analysis::syntax;

/// Calls `with` on the DAG of `spec` (a Pipeline's `spec` or a run's `pipelineSpec`). A spec
/// that is not a mapping gives an empty DAG.
pub fn with_dag<R>(spec: &Value, with: impl FnOnce(&Dag<'_, Dep>) -> R) -> R {
    // The linter works on its span tree, and JSON text is YAML it reads.
    let text = spec.to_string();
    let tree = syntax::parse(&text);
    let root = tree.documents().iter().find_map(|document| document.root);
    match root {
        Some(root) => with(&pipeline_graph(&text, View::new(&tree, root))),
        None => with(&DagBuilder::new().build()),
    }
}
