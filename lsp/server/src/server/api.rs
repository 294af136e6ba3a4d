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
use tower_lsp_server::ls_types::request::{
    CodeActionRequest, Completion, DocumentLinkRequest, DocumentSymbolRequest, FoldingRangeRequest,
    GotoDefinition, HoverRequest, InlayHintRequest, PrepareRenameRequest, References, Rename,
    Request, SelectionRangeRequest, SemanticTokensFullRequest,
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

    /// Nothing to release; the transport notes that `shutdown` arrived (see `transport`).
    async fn shutdown(&self) -> Result<()> {
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

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.request(Completion::METHOD, params, requests::completion::completion)
            .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.request(HoverRequest::METHOD, params, requests::hover::hover)
            .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.request(
            GotoDefinition::METHOD,
            params,
            requests::definition::definition,
        )
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.request(References::METHOD, params, requests::references::references)
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.request(
            PrepareRenameRequest::METHOD,
            params,
            requests::prepare_rename::prepare_rename,
        )
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.request(Rename::METHOD, params, requests::rename::rename)
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.request(
            CodeActionRequest::METHOD,
            params,
            requests::code_action::code_action,
        )
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.request(
            DocumentSymbolRequest::METHOD,
            params,
            requests::document_symbol::document_symbol,
        )
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.request(
            FoldingRangeRequest::METHOD,
            params,
            requests::folding_range::folding_range,
        )
        .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.request(
            SelectionRangeRequest::METHOD,
            params,
            requests::selection_range::selection_range,
        )
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.request(
            SemanticTokensFullRequest::METHOD,
            params,
            requests::semantic_tokens_full::semantic_tokens_full,
        )
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.request(
            DocumentLinkRequest::METHOD,
            params,
            requests::document_link::document_link,
        )
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.request(
            InlayHintRequest::METHOD,
            params,
            requests::inlay_hint::inlay_hint,
        )
        .await
    }
}
