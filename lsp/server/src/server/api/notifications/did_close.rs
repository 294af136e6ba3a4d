//! `textDocument/didClose`: the document's diagnostics are cleared, and the index goes back to
//! the file on disk (or forgets a file it did not find there).

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::server::backend::Followup;
use crate::server::session::Session;

pub fn did_close(session: &mut Session, params: DidCloseTextDocumentParams) -> Vec<Followup> {
    session.close(&params.text_document.uri);
    Vec::new()
}
