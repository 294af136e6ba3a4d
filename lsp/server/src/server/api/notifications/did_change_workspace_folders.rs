//! `workspace/didChangeWorkspaceFolders`: the index follows the folders (files of a removed
//! folder leave it when the new indexing run does not find them).

use tower_lsp_server::ls_types::DidChangeWorkspaceFoldersParams;

use crate::server::backend::Followup;
use crate::server::session::Session;
use crate::server::uri;

pub fn did_change_workspace_folders(
    session: &mut Session,
    params: DidChangeWorkspaceFoldersParams,
) -> Vec<Followup> {
    let removed: Vec<_> = params
        .event
        .removed
        .iter()
        .filter_map(|folder| uri::to_path(&folder.uri))
        .collect();
    session.remove_folders(&removed);
    session.add_folders(
        params
            .event
            .added
            .iter()
            .filter_map(|folder| uri::to_path(&folder.uri)),
    );
    vec![Followup::Index]
}
