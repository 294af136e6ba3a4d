//! Diagnostics: what `tekton-lsp check` reports on a file (`tekton_check::file_diagnostics`,
//! the function `check` itself calls), as LSP diagnostics, published for the latest version of
//! each open document.
//!
//! One task publishes, so publications never overtake each other. It wakes after every change
//! to the session, takes the documents due with a snapshot, computes their diagnostics on a
//! worker thread, and publishes those whose document has not changed again meanwhile (a newer
//! version is already due and will be published next).

use std::str::FromStr;

use tekton_analysis::rules::{self, RuleTag};
use tekton_analysis::{Diagnostic as Finding, Severity};
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    MessageType, NumberOrString, Uri,
};

use crate::server::backend::Shared;
use crate::server::session::{FileSnapshot, Publication, Snapshot};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "tekton-lsp";

pub async fn publish_loop(shared: Shared) {
    loop {
        shared.changed.notified().await;
        loop {
            let (snapshot, due) = shared.lock().take_publications();
            if due.is_empty() {
                break;
            }
            let computed = tokio::task::spawn_blocking(move || compute(&snapshot, due)).await;
            // ShellCheck that cannot be run is said once, then scripts go unchecked.
            for notice in tekton_check::shellcheck::take_notices() {
                shared.log(MessageType::WARNING, format!("tekton-lsp: {notice}"));
            }
            let computed = match computed {
                Ok(computed) => computed,
                Err(failure) => {
                    shared.log(
                        MessageType::ERROR,
                        format!("tekton-lsp: computing diagnostics failed: {failure}"),
                    );
                    continue;
                }
            };
            for (publication, diagnostics) in computed {
                match publication {
                    Publication::Open { file, document } => {
                        if !shared.lock().is_current(&file, document.version) {
                            continue;
                        }
                        shared
                            .client
                            .publish_diagnostics(document.uri, diagnostics, Some(document.version))
                            .await;
                    }
                    Publication::Closed { uri } => {
                        shared
                            .client
                            .publish_diagnostics(uri, Vec::new(), None)
                            .await;
                    }
                }
            }
        }
    }
}

fn compute(snapshot: &Snapshot, due: Vec<Publication>) -> Vec<(Publication, Vec<Diagnostic>)> {
    due.into_iter()
        .map(|publication| {
            let diagnostics = match &publication {
                Publication::Open { file, document } if document.reported => snapshot
                    .file_by_ref(file)
                    .map(|target| file_diagnostics(snapshot, &target))
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            (publication, diagnostics)
        })
        .collect()
}

/// Everything `check` reports on an open document, converted. Until the first indexing run
/// has finished, "not among the files analysed" would often be false, so it waits for it.
fn file_diagnostics(snapshot: &Snapshot, file: &FileSnapshot<'_>) -> Vec<Diagnostic> {
    let Some(settings) = file.settings() else {
        return Vec::new();
    };
    tekton_check::file_diagnostics(snapshot.workspace(), &file.file, settings)
        .iter()
        .filter(|finding| snapshot.index_complete() || finding.rule != REF_UNRESOLVABLE)
        .map(|finding| to_lsp(snapshot, file, finding))
        .collect()
}

/// The rule that says a reference names no document of the workspace.
const REF_UNRESOLVABLE: &str = "ref-unresolvable";

/// One finding as an LSP diagnostic: the rule id as `code`, its documentation as
/// `codeDescription`, related spans (in any file of the workspace) as related information, and
/// the rule's editor tag.
pub fn to_lsp(snapshot: &Snapshot, file: &FileSnapshot<'_>, finding: &Finding) -> Diagnostic {
    let related_information: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|related| {
            let location = match &related.file {
                Some(other) => snapshot.location(other, related.span)?,
                None => {
                    tower_lsp_server::ls_types::Location::new(file.uri()?, file.range(related.span))
                }
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: related.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: file.range(finding.span),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description: Uri::from_str(&rules::docs_url(finding.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        related_information: (!related_information.is_empty()).then_some(related_information),
        tags: rules::tag(finding.rule).map(|tag| {
            vec![match tag {
                RuleTag::Deprecated => DiagnosticTag::DEPRECATED,
                RuleTag::Unnecessary => DiagnosticTag::UNNECESSARY,
            }]
        }),
        data: None,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}
