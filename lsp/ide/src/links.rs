//! Document links: a `taskRef`, `pipelineRef` or step `ref` name that resolves to a document in
//! another file links to that document's `metadata.name`.

use tekton_analysis::{FileRef, Span, Workspace};

use crate::Location;
use crate::navigation::declarations;
use crate::semantics::{SymbolKind, Walk};

/// A span of the file that opens another place when followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLink {
    pub span: Span,
    pub target: Location,
}

/// The links of `file`.
pub fn document_links(workspace: &Workspace, file: &FileRef) -> Vec<DocumentLink> {
    let Some((file, analysis)) = workspace.entry(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for document in analysis.documents.iter().filter(|d| d.is_tekton()) {
        let walk = Walk::document(workspace, file, document);
        for occurrence in walk.occurrences {
            let SymbolKind::Document(_) = occurrence.symbol.kind else {
                continue;
            };
            if occurrence.declaration || occurrence.symbol.owner.file == *file {
                continue;
            }
            if let Some(target) = declarations(workspace, &occurrence.symbol)
                .into_iter()
                .next()
            {
                out.push(DocumentLink {
                    span: occurrence.span,
                    target: Location {
                        file: target.file,
                        span: target.span,
                    },
                });
            }
        }
    }
    out
}
