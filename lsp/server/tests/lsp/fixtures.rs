//! Documents the tests share.

use std::path::Path;

use serde_json::{Value, json};

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

/// `tekton-lsp check --format json .` in `folder`: the report the server must agree with.
pub fn check_report(folder: &Path) -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tekton-lsp"))
        .args(["check", "--format", "json", "."])
        .current_dir(folder)
        .output()
        .expect("run tekton-lsp check");
    serde_json::from_slice(&output.stdout).expect("check's JSON")
}

/// Published diagnostics as (rule, severity, message, range), sorted.
pub fn comparable(published: &[Value]) -> Vec<Value> {
    let mut shapes: Vec<Value> = published
        .iter()
        .map(|d| json!([d["code"], d["severity"], d["message"], d["range"]]))
        .collect();
    shapes.sort_by_key(Value::to_string);
    shapes
}

/// What `report` says of `path` (whose text is `text`), in the shape of [`comparable`]: LSP
/// severities, 0-based lines and UTF-16 columns.
pub fn reported_by_check(report: &Value, path: &str, text: &str) -> Vec<Value> {
    let mut shapes: Vec<Value> = report["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .filter(|d| d["file"] == path)
        .map(|d| {
            let at = |line: &str, column: &str| {
                let line = d[line].as_u64().unwrap_or_default() - 1;
                let column = d[column].as_u64().unwrap_or(1);
                json!({"line": line, "character": utf16_column(text, line, column)})
            };
            json!([
                d["rule"],
                severity_number(d["severity"].as_str().unwrap_or_default()),
                d["message"],
                {"start": at("line", "column"), "end": at("end_line", "end_column")}
            ])
        })
        .collect();
    shapes.sort_by_key(Value::to_string);
    shapes
}

/// LSP's severity number for `check`'s severity name.
fn severity_number(name: &str) -> u64 {
    match name {
        "error" => 1,
        "warning" => 2,
        "info" => 3,
        _ => 4,
    }
}

/// The UTF-16 column of a 1-based character column of `line` (0-based) in `text`.
fn utf16_column(text: &str, line: u64, column: u64) -> u64 {
    let line = text.split('\n').nth(line as usize).unwrap_or_default();
    line.chars()
        .take(column as usize - 1)
        .map(|ch| ch.len_utf16() as u64)
        .sum()
}
