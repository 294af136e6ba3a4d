//! Rule ids and their default severities.
//!
//! The ids are those of ../shared/spec/tekton-rules.md §1 (the catalogue), plus the few that
//! belong to this tool rather than to upstream Tekton: [`YAML_SYNTAX`] and
//! [`MISSING_REQUIRED_FIELD`] (the catalogue has no generic id for a field the schema requires).
//! Configuration refers to rules by these strings, so they are a stable contract.

use crate::Severity;

// The rules themselves (tekton-rules.md §1), one module per catalogue section; see `engine`.
mod bounds;
mod cel;
mod engine;
mod matrix;
mod metadata;
mod params;
mod pipeline;
mod refs;
mod runs;
mod task_spec;
pub mod view;
mod when;
mod xdoc;

pub use engine::check_document;
pub use metadata::check_unserved;
pub use xdoc::check_references;

/// The text is not well-formed YAML (tree-sitter error recovery found an `ERROR` or a missing
/// token).
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// A key that is not a field of the object's type (catalogue #1).
pub const UNKNOWN_FIELD: &str = "unknown-field";
/// A value of the wrong JSON type, or outside the values the schema allows (catalogue #2).
pub const FIELD_TYPE_MISMATCH: &str = "field-type-mismatch";
/// A field the schema marks as required is absent.
pub const MISSING_REQUIRED_FIELD: &str = "missing-required-field";

/// A v1beta1 `resources` field of a spec or pipeline task (PipelineResources, removed): still in
/// the v1beta1 Go types, so upstream rejects it in validation (`must not set the field(s)`), not
/// as an unknown field; the catalogue has no id for it (§5).
pub const V1BETA1_RESOURCES_REMOVED: &str = "v1beta1-resources-removed";

/// Ids of this tool that are not in the catalogue.
const OWN: &[&str] = &[
    YAML_SYNTAX,
    MISSING_REQUIRED_FIELD,
    V1BETA1_RESOURCES_REMOVED,
];

/// The catalogue's ids (tekton-rules.md §1), in its order.
const CATALOGUE: &[&str] = &[
    "unknown-field",
    "field-type-mismatch",
    "api-version-not-served",
    "metadata-name-invalid",
    "task-steps-missing",
    "volume-name-duplicate",
    "task-workspace-name-duplicate",
    "task-workspace-mountpath-conflict",
    "step-workspace-undeclared",
    "step-workspaces-gated",
    "step-name-duplicate",
    "step-name-not-dns-label",
    "step-image-missing",
    "step-script-and-command",
    "step-ref-conflicting-fields",
    "step-params-without-ref",
    "step-timeout-negative",
    "step-volumemount-reserved",
    "step-onerror-invalid",
    "step-alpha-fields-gated",
    "step-result-ref-location",
    "step-artifact-ref-location",
    "artifacts-feature-disabled",
    "step-result-name-invalid",
    "step-result-type-invalid",
    "step-result-path-undeclared",
    "sidecar-image-missing",
    "sidecar-reserved-name",
    "task-result-path-undeclared",
    "result-name-invalid",
    "result-type-invalid",
    "result-value-invalid",
    "context-var-unknown-task",
    "param-type-invalid",
    "param-default-type-mismatch",
    "param-property-type-invalid",
    "param-object-properties-missing",
    "param-name-duplicate",
    "param-name-format",
    "param-enum-flag-disabled",
    "param-enum-invalid",
    "param-ref-undeclared",
    "param-ref-object-key-unknown",
    "param-ref-too-many-dots",
    "param-whole-ref-in-string",
    "param-array-not-isolated",
    "pipeline-spec-empty",
    "pipeline-task-name-not-dns-label",
    "pipeline-task-name-unique",
    "pipeline-task-ref-or-spec-missing",
    "pipeline-task-ref-and-spec",
    "inline-spec-disabled",
    "pipeline-in-pipeline-gated",
    "embedded-task-type-with-steps",
    "custom-task-kind-missing",
    "custom-task-apiversion-invalid",
    "pipeline-task-onerror-invalid",
    "pipeline-task-onerror-with-retries",
    "pipeline-task-param-duplicate",
    "result-ref-to-child-pipeline",
    "ref-name-missing",
    "ref-name-invalid",
    "ref-params-conflict",
    "ref-resolver-name-not-url",
    "ref-concise-syntax",
    "ref-resolver-gated",
    "ref-params-duplicate",
    "dag-cycle",
    "run-after-unknown-task",
    "result-ref-unknown-task",
    "dag-depends-on-finally",
    "finally-run-after",
    "finally-without-tasks",
    "finally-result-ref-finally",
    "finally-result-ref-unknown-task",
    "execution-status-in-dag",
    "execution-status-unknown-task",
    "pipeline-param-ref-undeclared",
    "pipeline-param-ref-object-key-unknown",
    "pipeline-param-whole-ref-in-string",
    "pipeline-param-array-not-isolated",
    "pipeline-context-var-unknown",
    "var-invalid-prefix",
    "pipeline-workspace-decl-invalid",
    "workspace-undeclared",
    "pipeline-task-workspace-duplicate",
    "pipeline-result-not-result-ref",
    "pipeline-result-unknown-task",
    "when-operator-invalid",
    "when-values-empty",
    "when-cel-flag-disabled",
    "when-cel-invalid",
    "matrix-gated",
    "matrix-too-many-combinations",
    "matrix-param-duplicate",
    "matrix-param-in-params",
    "matrix-result-not-aggregated",
    "matrix-result-not-string",
    "taskrun-ref-or-spec",
    "pipelinerun-ref-or-spec",
    "run-param-duplicate",
    "workspace-binding-invalid",
    "workspace-binding-duplicate",
    "taskrun-debug-invalid",
    "run-step-specs-invalid",
    "run-compute-resources-conflict",
    "taskrun-status-invalid",
    "pipelinerun-status-invalid",
    "taskrun-retries-negative",
    "run-timeout-negative",
    "run-forbidden-env",
    "pipelinerun-param-result-ref",
    "pipelinerun-timeouts-inconsistent",
    "taskrunspec-timeout-exceeds",
    "ref-unresolvable",
    "run-param-missing",
    "run-param-type-mismatch",
    "run-param-object-keys-missing",
    "param-enum-value-invalid",
    "param-enum-not-subset",
    "param-array-index-out-of-bounds",
    "run-workspace-missing",
    "run-workspace-unknown",
    "optional-workspace-to-required",
    "taskrunspec-unknown-pipeline-task",
    "result-ref-unknown-result",
    "matrix-param-type",
    "step-spec-unknown-step",
    "step-request-exceeds-limit",
    "stepaction-params-mismatch",
    "taskref-apiversion-custom",
    "implicit-order-missing",
    "result-ref-malformed",
    "workspace-var-undeclared",
    "param-ref-unvalidated-field",
    "unknown-variable",
    "pipeline-task-extra-param",
];

/// Lint extensions (catalogue §1.O): upstream accepts these documents, so they warn by default.
const WARN_BY_DEFAULT: &[&str] = &[
    "taskref-apiversion-custom",
    "implicit-order-missing",
    "result-ref-malformed",
    "workspace-var-undeclared",
    "param-ref-unvalidated-field",
    "unknown-variable",
    "pipeline-task-extra-param",
];

/// Findings that are not problems of the document itself: a reference that cannot be checked
/// offline (issue 5: "reported as information, not errors").
const INFO_BY_DEFAULT: &[&str] = &["ref-unresolvable"];

/// Every known rule id, ours first.
pub fn all() -> impl Iterator<Item = &'static str> {
    OWN.iter().chain(CATALOGUE).copied()
}

/// The `&'static` form of a rule id, or `None` when no rule has that id (configuration uses
/// this to reject typos).
pub fn lookup(id: &str) -> Option<&'static str> {
    all().find(|known| *known == id)
}

/// The severity a rule has unless configuration says otherwise.
pub fn default_severity(rule: &str) -> Severity {
    if WARN_BY_DEFAULT.contains(&rule) {
        Severity::Warning
    } else if INFO_BY_DEFAULT.contains(&rule) {
        Severity::Info
    } else {
        Severity::Error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for id in all() {
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id}"
            );
        }
        assert_eq!(CATALOGUE.len(), 137);
        for id in WARN_BY_DEFAULT.iter().chain(INFO_BY_DEFAULT) {
            assert!(lookup(id).is_some(), "{id}");
        }
    }
}
