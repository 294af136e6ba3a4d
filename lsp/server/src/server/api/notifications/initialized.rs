//! `initialized`: the client is ready for the server's own requests; file watchers are
//! registered and the workspace folders indexed in the background.

use tower_lsp_server::ls_types::InitializedParams;

use crate::server::backend::Followup;
use crate::server::session::Session;

pub fn initialized(session: &mut Session, _: InitializedParams) -> Vec<Followup> {
    let mut followups = Vec::new();
    if session.support().watched_files {
        followups.push(Followup::RegisterWatchers);
    }
    followups.push(Followup::Index);
    followups
}
