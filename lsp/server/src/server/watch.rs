//! Registers the file watchers (`client/registerCapability` for
//! `workspace/didChangeWatchedFiles`), for clients that support registering them dynamically.

use tower_lsp_server::ls_types::notification::{DidChangeWatchedFiles, Notification};
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, MessageType,
    Registration,
};

use crate::server::backend::Shared;

/// Tekton YAML files, and the configuration files that change how they are checked.
const GLOBS: [&str; 2] = ["**/*.{yaml,yml}", "**/.tekton-lsp.toml"];

pub async fn register(shared: Shared) {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: GLOBS
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*glob).to_owned()),
                kind: None,
            })
            .collect(),
    };
    let registration = Registration {
        id: "tekton-lsp-watched-files".to_owned(),
        method: DidChangeWatchedFiles::METHOD.to_owned(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(error) = shared.client.register_capability(vec![registration]).await {
        shared.log(
            MessageType::WARNING,
            format!(
                "tekton-lsp: the client refused the file watchers ({error}); files changed outside the editor are noticed when saved"
            ),
        );
    }
}
