//! `initialize`: negotiates the position encoding, records the workspace folders, what the
//! client supports and its settings (`initializationOptions`, the keys of `.tekton-lsp.toml`),
//! and announces the server's capabilities.

use tower_lsp_server::ls_types::{InitializeParams, InitializeResult, ServerInfo};

use crate::server::capabilities::{self, ClientSupport};
use crate::server::session::Session;
use crate::server::{position, uri};

pub fn initialize(session: &mut Session, params: InitializeParams) -> InitializeResult {
    let encoding = position::negotiate(&params.capabilities);
    let folders = match &params.workspace_folders {
        Some(folders) => folders
            .iter()
            .filter_map(|folder| uri::to_path(&folder.uri))
            .collect(),
        #[allow(deprecated)] // `rootUri` is what clients without workspace folders send.
        None => params.root_uri.iter().filter_map(uri::to_path).collect(),
    };
    *session = Session::new(encoding, folders, ClientSupport::new(&params.capabilities));
    if let Some(options) = params.initialization_options {
        session.use_editor_settings(options);
    }
    InitializeResult {
        capabilities: capabilities::server_capabilities(encoding),
        server_info: Some(ServerInfo {
            name: env!("CARGO_PKG_NAME").to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
        offset_encoding: None,
    }
}
