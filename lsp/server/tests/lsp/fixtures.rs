//! Documents the tests share.

use serde_json::Value;

/// A Task whose param `url` has no default (line 6: `    - name: url`).
pub const TASK: &str = "apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
spec:
  params:
    - name: url
  steps:
    - name: clone
      image: alpine:3.20
      script: echo $(params.url)
";

/// A Pipeline whose one task refers to the Task `build` without giving `url`.
pub const PIPELINE: &str = "apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
spec:
  tasks:
    - name: build
      taskRef:
        name: build
";

/// The rule ids of published diagnostics, in order.
pub fn rules(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic["code"].as_str())
        .collect()
}
