//! `textDocument/didOpen`: the document is analysed with its `.tekton-lsp.toml` and replaces
//! the disk version in the index.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::server::backend::Followup;
use crate::server::session::Session;

pub fn did_open(session: &mut Session, params: DidOpenTextDocumentParams) -> Vec<Followup> {
    let document = params.text_document;
    session.open(document.uri, document.version, document.text);
    Vec::new()
}
