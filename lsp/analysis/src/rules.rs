//! Rule ids and their default severities.
//!
//! The ids are those of ../shared/spec/tekton-rules.md §1 (the catalogue), plus the few that
//! belong to this tool rather than to upstream Tekton: [`YAML_SYNTAX`] and
//! [`MISSING_REQUIRED_FIELD`] (the catalogue has no generic id for a field the schema requires).
//! Configuration refers to rules by these strings, so they are a stable contract.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::Severity;

// The rules themselves (tekton-rules.md §1), one module per catalogue section; see `engine`.
mod bounds;
mod cel;
mod containers;
mod convert;
mod deprecation;
mod docs;
mod edit;
mod engine;
mod matrix;
mod metadata;
mod params;
mod pipeline;
mod practices;
mod refs;
mod runs;
mod task_io;
mod task_spec;
mod unused;
pub mod view;
mod when;
mod xdoc;

pub use docs::reference_markdown;
pub use engine::{check_document, did_you_mean, is_dns_label};
pub use metadata::{check_duplicate_documents, check_unserved};
pub use params::{ParamDecl, ParamType, declarations as param_declarations, is_param_name};
pub use pipeline::{Dep, DepKind, PipelineGraph, graph as pipeline_graph, result_names};
pub use task_spec::is_result_name;
pub use xdoc::{check_references, plain_ref, ref_version, referenced_names};

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

/// The deprecated fields reported by [`DEPRECATED_FIELD`] (those the schemas mark
/// `deprecated`).
pub const DEPRECATED_FIELD: &str = "deprecated-field";
/// A key that matches a field only when letter case is ignored, where upstream's decoder
/// accepts it (see `schema_check`).
pub const FIELD_NAME_CASE: &str = "field-name-case";

/// A ShellCheck finding in a step's script (see [`crate::scripts`]); reported by the callers
/// that run ShellCheck, never by the analysis itself.
pub const SCRIPT_SHELLCHECK: &str = "script-shellcheck";

/// How a rule's finding relates to what upstream Tekton does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The document is rejected when it is applied: by the API server's schema or Tekton's
    /// webhook.
    Admission,
    /// The document is accepted, and the run fails (Tekton's controller rejects it, or the
    /// pod cannot be created).
    Runtime,
    /// Upstream is silent: a lint of ours (a likely mistake, a best practice).
    Lint,
    /// About the file itself (YAML that does not parse).
    Syntax,
}

/// What an editor may show on a diagnostic besides its severity (LSP `DiagnosticTag`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleTag {
    /// The reported text uses something deprecated (editors strike it through).
    Deprecated,
    /// The reported text is unused (editors fade it out).
    Unnecessary,
}

/// One rule: its id and what its documentation says about it.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub origin: Origin,
    pub tag: Option<RuleTag>,
    /// One line, no trailing period.
    pub summary: &'static str,
    /// Markdown: what it catches and why, how to fix it, and for lints the finding behind them.
    pub docs: &'static str,
}

/// The rule table (`docs::RULES`) by id.
static BY_ID: LazyLock<HashMap<&'static str, &'static Rule>> =
    LazyLock::new(|| docs::RULES.iter().map(|rule| (rule.id, rule)).collect());

/// Every rule, in the order of the table (ours, then the catalogue's, then the lints).
pub fn rules() -> &'static [Rule] {
    docs::RULES
}

/// Every known rule id.
pub fn all() -> impl Iterator<Item = &'static str> {
    docs::RULES.iter().map(|rule| rule.id)
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    BY_ID.get(id).copied()
}

/// The `&'static` form of a rule id, or `None` when no rule has that id (configuration uses
/// this to reject typos).
pub fn lookup(id: &str) -> Option<&'static str> {
    rule(id).map(|rule| rule.id)
}

/// The severity a rule has unless configuration says otherwise.
pub fn default_severity(id: &str) -> Severity {
    rule(id).map_or(Severity::Error, |rule| rule.severity)
}

/// The rule's one-line summary (empty for an unknown id).
pub fn summary(id: &str) -> &'static str {
    rule(id).map_or("", |rule| rule.summary)
}

/// The rule's documentation text (Markdown; empty for an unknown id).
pub fn docs(id: &str) -> &'static str {
    rule(id).map_or("", |rule| rule.docs)
}

/// The tag editors show on the rule's diagnostics.
pub fn tag(id: &str) -> Option<RuleTag> {
    rule(id).and_then(|rule| rule.tag)
}

/// Where the rule reference lives: `RULES.md` in the repository named by the workspace's
/// `repository` (root Cargo.toml).
const DOCS_PAGE: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/lsp/analysis/RULES.md"
);

/// The address of a rule's entry in the rule reference (one anchor per id).
pub fn docs_url(id: &str) -> String {
    format!("{DOCS_PAGE}#{id}")
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
        assert_eq!(BY_ID.len(), docs::RULES.len());
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in rules() {
            let id = rule.id;
            assert!(
                !rule.summary.is_empty() && !rule.summary.ends_with('.'),
                "{id}: summary"
            );
            assert!(
                !rule.summary.contains('\n'),
                "{id}: the summary is one line"
            );
            assert!(rule.docs.trim().len() > 40, "{id}: docs");
            assert!(
                rule.docs.contains("**Fix**"),
                "{id}: the docs say how to fix it"
            );
        }
        assert_eq!(
            docs_url("unknown-field"),
            "https://github.com/tekton-tooling/tekton-tools/blob/main/lsp/analysis/RULES.md#unknown-field"
        );
        assert_eq!(tag(DEPRECATED_FIELD), Some(RuleTag::Deprecated));
        for (theirs, ours, _) in docs::TEKTON_LINT {
            for id in *ours {
                assert!(rule(id).is_some(), "{theirs}: no rule `{id}`");
            }
        }
        assert_eq!(summary("no-such-rule"), "");
    }
}
