//! `textDocument/didChange`: incremental edits applied in order, then the document is analysed
//! again; its diagnostics, and those of the open documents that refer to it, are re-published.

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::server::backend::Followup;
use crate::server::session::Session;

pub fn did_change(session: &mut Session, params: DidChangeTextDocumentParams) -> Vec<Followup> {
    let document = params.text_document;
    session.change(&document.uri, document.version, params.content_changes);
    Vec::new()
}
