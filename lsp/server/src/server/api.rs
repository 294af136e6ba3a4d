//! The method table: each LSP method the server handles, mapped to its handler, one file per
//! method under `api/requests/` and `api/notifications/`. [`Backend::request`] and
//! [`Backend::notify`] give every handler the same ordering, snapshot and panic rules.
//!
//! Adding a request: write `api/requests/<method>.rs` with
//! `pub fn <method>(snapshot: &Snapshot, params: P) -> jsonrpc::Result<R>`, add its line here,
//! and announce it in `capabilities.rs`.

mod notifications;
mod requests;

use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Initialized, Notification,
};
use tower_lsp_server::ls_types::*;

use crate::server::backend::Backend;

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let result = requests::initialize::initialize(&mut self.shared.lock(), params);
        self.start_publisher();
        Ok(result)
    }

    async fn initialized(&self, params: InitializedParams) {
        self.notify(
            Initialized::METHOD,
            params,
            notifications::initialized::initialized,
        );
    }

    async fn shutdown(&self) -> Result<()> {
        self.mark_shutdown();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.notify(
            DidOpenTextDocument::METHOD,
            params,
            notifications::did_open::did_open,
        );
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.notify(
            DidChangeTextDocument::METHOD,
            params,
            notifications::did_change::did_change,
        );
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.notify(
            DidSaveTextDocument::METHOD,
            params,
            notifications::did_save::did_save,
        );
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.notify(
            DidCloseTextDocument::METHOD,
            params,
            notifications::did_close::did_close,
        );
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.notify(
            DidChangeWatchedFiles::METHOD,
            params,
            notifications::did_change_watched_files::did_change_watched_files,
        );
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.notify(
            DidChangeWorkspaceFolders::METHOD,
            params,
            notifications::did_change_workspace_folders::did_change_workspace_folders,
        );
    }
}
