//! `workspace/didChangeWatchedFiles`: a YAML file of the index changed or was deleted on disk
//! (open documents keep their edited text); a new file or a changed `.tekton-lsp.toml` indexes
//! the workspace again (a new file may be ignored, a configuration changes what is).

use tekton_check::config::FILE_NAME;
use tower_lsp_server::ls_types::{DidChangeWatchedFilesParams, FileChangeType};

use crate::server::backend::Followup;
use crate::server::session::Session;
use crate::server::uri;

pub fn did_change_watched_files(
    session: &mut Session,
    params: DidChangeWatchedFilesParams,
) -> Vec<Followup> {
    let mut reindex = false;
    let mut configuration_changed = false;
    for event in params.changes {
        let Some(path) = uri::to_path(&event.uri) else {
            continue;
        };
        if path.file_name().is_some_and(|name| name == FILE_NAME) {
            configuration_changed = true;
            continue;
        }
        let file = uri::file_ref(&event.uri);
        match event.typ {
            FileChangeType::DELETED => session.disk_file_deleted(&file),
            FileChangeType::CHANGED if session.is_indexed(&file) => {
                session.disk_file_changed(&file, &path);
            }
            _ => reindex = true,
        }
    }
    if configuration_changed {
        session.reload_configuration();
    }
    if reindex || configuration_changed {
        vec![Followup::Index]
    } else {
        Vec::new()
    }
}
