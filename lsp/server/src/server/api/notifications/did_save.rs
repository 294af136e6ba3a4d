//! `textDocument/didSave`: saving a `.tekton-lsp.toml` re-checks everything with it. For a
//! client that does not watch files, saving a YAML file the index does not know yet (a new
//! file) indexes the workspace again.

use tekton_check::config::FILE_NAME;
use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use crate::server::backend::Followup;
use crate::server::session::Session;
use crate::server::uri;

pub fn did_save(session: &mut Session, params: DidSaveTextDocumentParams) -> Vec<Followup> {
    let document = params.text_document;
    let Some(path) = uri::to_path(&document.uri) else {
        return Vec::new();
    };
    if path.file_name().is_some_and(|name| name == FILE_NAME) {
        session.reload_configuration();
        return vec![Followup::Index];
    }
    let in_a_folder = session
        .folders()
        .iter()
        .any(|folder| path.starts_with(folder));
    if !session.support().watched_files
        && in_a_folder
        && !session.is_indexed(&uri::file_ref(&document.uri))
    {
        return vec![Followup::Index];
    }
    Vec::new()
}
