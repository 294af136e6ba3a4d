//! Document-level rules (catalogue §1.A): kinds in API versions upstream no longer serves, and
//! the object's name.

use super::engine::{Ctx, is_dns_label};
use super::view::View;
use crate::syntax::{NodeId, SyntaxTree};
use crate::{AnalysisConfig, Diagnostic, Document, DocumentKind, Related};

/// Tekton kinds the API server knows in no served version, or not in this one.
const TEKTON_KINDS: &[&str] = &[
    "Task",
    "Pipeline",
    "TaskRun",
    "PipelineRun",
    "StepAction",
    "ClusterTask",
    "Condition",
    "PipelineResource",
    "Run",
];

/// #3 on a document that names a Tekton kind in an API version that is not served for it.
pub fn check_unserved(
    tree: &SyntaxTree,
    root: NodeId,
    api_version: &str,
    kind: &str,
    config: &AnalysisConfig,
) -> Vec<Diagnostic> {
    const RULE: &str = "api-version-not-served";
    if !api_version.starts_with("tekton.dev/")
        || !TEKTON_KINDS.contains(&kind)
        || !config.is_enabled(RULE)
    {
        return Vec::new();
    }
    let Some(at) = View::new(tree, root).get("apiVersion") else {
        return Vec::new();
    };
    let hint = match kind {
        "ClusterTask" => " (ClusterTask was removed: use a Task, or the cluster resolver)",
        "Condition" => " (Conditions were removed: use `when` expressions)",
        "PipelineResource" => " (PipelineResources were removed)",
        _ => " (Task, Pipeline, TaskRun and PipelineRun are served as tekton.dev/v1 and v1beta1)",
    };
    vec![Diagnostic::new(
        RULE,
        at.span(),
        format!("no matches for kind \"{kind}\" in version \"{api_version}\"{hint}"),
    )]
}

/// #4: `metadata.name` (or the name generated from `generateName`) must be a DNS-1123
/// subdomain of at most 63 characters.
pub(crate) fn check_name(cx: &mut Ctx<'_>, root: View<'_>) {
    let Some(metadata) = root.get("metadata") else {
        return;
    };
    let name = metadata
        .get("name")
        .filter(|n| n.str().is_some_and(|s| !s.is_empty()));
    let (view, candidate) = match (name, metadata.get("generateName")) {
        (Some(name), _) => (name, name.str().unwrap_or_default().to_owned()),
        (None, Some(prefix)) => {
            // The API server truncates the prefix to 58 characters and appends 5 more.
            let text: String = prefix.str().unwrap_or_default().chars().take(58).collect();
            (prefix, format!("{text}abcde"))
        }
        (None, None) => return,
    };
    let valid = candidate.len() <= 63 && candidate.split('.').all(is_dns_label);
    if !valid {
        cx.report(
            "metadata-name-invalid",
            view.span(),
            "invalid resource name: must be a lowercase DNS-1123 subdomain (letters, digits, `-`, `.`) of at most 63 characters",
        );
    }
}

/// `resource-duplicate`: two Tekton documents of one file with the same kind and name. The
/// second `kubectl apply`-ed replaces the first, so one of them is never what runs. (Across
/// files it is no mistake: the catalog keeps one Task per version folder.)
pub fn check_duplicate_documents(
    tree: &SyntaxTree,
    documents: &[Document],
    config: &AnalysisConfig,
) -> Vec<Diagnostic> {
    const RULE: &str = "resource-duplicate";
    let mut out = Vec::new();
    if !config.is_enabled(RULE) {
        return out;
    }
    let name_span = |document: &Document| {
        let root = document.root?;
        Some(View::new(tree, root).get("metadata")?.get("name")?.span())
    };
    for (index, document) in documents.iter().enumerate() {
        let (DocumentKind::Tekton { kind, .. }, Some(name)) = (&document.kind, document.name())
        else {
            continue;
        };
        let first = documents[..index].iter().find(|earlier| {
            matches!(&earlier.kind, DocumentKind::Tekton { kind: k, .. } if k == kind)
                && earlier.name() == Some(name)
        });
        if let (Some(first), Some(span)) = (first, name_span(document)) {
            let mut diagnostic = Diagnostic::new(
                RULE,
                span,
                format!(
                    "another {kind:?} named `{name}` is defined earlier in this file: applying \
                     the file keeps only this one"
                ),
            );
            if let Some(first) = name_span(first) {
                diagnostic.related.push(Related {
                    file: None,
                    span: first,
                    message: "first defined here".to_owned(),
                });
            }
            out.push(diagnostic);
        }
    }
    out
}
