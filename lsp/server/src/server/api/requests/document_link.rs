//! `textDocument/documentLink`: a `taskRef`/`pipelineRef`/step `ref` name that resolves to
//! another file links to the referenced document's `metadata.name` there
//! (`tekton_ide::document_links`); the target carries its line as `#L<line>`.

use std::str::FromStr;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentLink, DocumentLinkParams, Uri};

use crate::server::session::Snapshot;

pub fn document_link(
    snapshot: &Snapshot,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let Some(file) = snapshot.file(&params.text_document.uri) else {
        return Ok(None);
    };
    Ok(Some(
        tekton_ide::document_links(snapshot.workspace(), &file.file)
            .into_iter()
            .filter_map(|link| {
                let target = snapshot.location(&link.target.file, link.target.span)?;
                let line = target.range.start.line + 1;
                let uri = Uri::from_str(&format!("{}#L{line}", target.uri.as_str())).ok()?;
                Some(DocumentLink {
                    range: file.range(link.span),
                    target: Some(uri),
                    tooltip: Some(format!("{}:{line}", link.target.file)),
                    data: None,
                })
            })
            .collect(),
    ))
}
