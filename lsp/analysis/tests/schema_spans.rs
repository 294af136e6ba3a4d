//! Schema diagnostics land on the exact text: unknown keys on the key, wrong types on the
//! value, missing fields on the key of the object that lacks them. A small hand-written schema
//! keeps these tests independent of the generated Tekton schemas.

mod common;

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::json;
use tekton_analysis::schema_check::SchemaSet;
use tekton_analysis::{AnalysisConfig, analyze_file};

fn config() -> AnalysisConfig {
    let schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "additionalProperties": false,
        "required": ["apiVersion", "kind", "spec"],
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": {"allOf": [{"$ref": "#/definitions/PipelineSpec"}]}
        },
        "definitions": {
            "PipelineSpec": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "params": {"type": "array", "items": {"$ref": "#/definitions/ParamSpec"}},
                    "tasks": {"type": "array", "items": {"$ref": "#/definitions/PipelineTask"}}
                }
            },
            "ParamSpec": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "default": {"$ref": "#/definitions/ParamValue"}}
            },
            "PipelineTask": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "retries": {"type": "integer"},
                    "runAfter": {"type": "array", "items": {"type": "string"}},
                    "taskRef": {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": {"name": {"type": "string"}, "kind": {"type": "string"}}
                    },
                    "params": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["name", "value"],
                            "properties": {
                                "name": {"type": "string"},
                                "value": {"$ref": "#/definitions/ParamValue"}
                            }
                        }
                    }
                }
            },
            "ParamValue": {
                "oneOf": [
                    {"type": ["string", "number", "boolean"]},
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "object", "additionalProperties": {"type": "string"}}
                ]
            }
        }
    });
    let schemas = SchemaSet::new([(
        "tekton.dev/v1".to_owned(),
        "Pipeline".to_owned(),
        Cow::Owned(schema),
    )]);
    common::schema_rules_only(AnalysisConfig {
        schemas: Some(Arc::new(schemas)),
        ..AnalysisConfig::default()
    })
}

fn check(text: &str) -> String {
    let analysis = analyze_file(text, &config());
    common::render(text, &analysis.diagnostics)
}

const HEADER: &str = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\n";

#[test]
fn unknown_field_with_suggestion_and_fix() {
    insta::assert_snapshot!(check(&format!(
        "{HEADER}spec:\n  tasks:\n    - name: b\n      runafter: [a]\n      taskRef: {{name: t, knd: Task}}\n      colour: red\n"
    )));
}

#[test]
fn unknown_quoted_key_keeps_its_quotes() {
    insta::assert_snapshot!(check(&format!(
        "{HEADER}spec:\n  tasks:\n    - \"name\": b\n      \"retires\": 2\n"
    )));
}

#[test]
fn wrong_types_underline_the_value() {
    insta::assert_snapshot!(check(&format!(
        "{HEADER}spec:\n  tasks:\n    - name: b\n      retries: two\n      runAfter: a\n    - name: c\n      runAfter: [a, 3]\n      taskRef: yes\n"
    )));
}

#[test]
fn missing_required_fields() {
    insta::assert_snapshot!(check(&format!(
        "{HEADER}spec:\n  tasks:\n    - retries: 1\n    - name: c\n      params:\n        - name: x\n"
    )));
    insta::assert_snapshot!(
        "missing_at_root",
        check("apiVersion: tekton.dev/v1\nkind: Pipeline\n")
    );
}

#[test]
fn one_of_reports_the_intended_branch() {
    // A wrong scalar type and a wrong item inside an array value: one message each, no
    // "matches none of the schemas".
    insta::assert_snapshot!(check(&format!(
        "{HEADER}spec:\n  params:\n    - name: a\n      default: [x, {{y: z}}]\n    - name: b\n      default: {{k: [1]}}\n"
    )));
}

#[test]
fn null_values_and_broken_objects_stay_quiet() {
    // `key:` is null and Kubernetes drops it; the task with a syntax error does not also get
    // "missing name".
    insta::assert_snapshot!(check(&format!(
        "{HEADER}spec:\n  params:\n  tasks:\n    - retries: 1\n      runAfter: [a\n"
    )));
}

#[test]
fn errors_through_aliases_land_on_the_alias() {
    insta::assert_snapshot!(check(&format!(
        "{HEADER}x-defaults: &d {{retries: two}}\nspec:\n  tasks:\n    - name: a\n      <<: *d\n    - name: b\n      taskRef: *d\n"
    )));
}

#[test]
fn other_documents_are_passed_over() {
    let text = format!(
        "apiVersion: v1\nkind: ConfigMap\ndata: {{a: 1}}\n---\njust: yaml\n---\n- a list\n---\n{HEADER}spec: {{tasks: []}}\n"
    );
    assert_eq!(check(&text), "");
}

#[test]
fn utf8_columns_and_offsets() {
    let text = format!("{HEADER}spec:\n  tasks:\n    - name: \"é🎉\"\n      rétries: 1\n");
    insta::assert_snapshot!(check(&text));
}

#[test]
fn syntax_errors_have_exact_ranges() {
    // An unclosed flow sequence mid-document, an unclosed quote, a collapsed document and a
    // tab: each reported once, the rest of each document still checked (`retires`).
    insta::assert_snapshot!(check(&format!(
        "{HEADER}spec:\n  tasks:\n    - name: a\n      runAfter: [b\n    - name: c\n      retires: 1\n---\n{HEADER}spec: {{tasks: [{{name: \"d}}]}}\n---\na: b: c\nd: e\n---\nkey:\n\t- tab\n"
    )));
}
