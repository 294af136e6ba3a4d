//! `textDocument/prepareRename`: the name a rename at the cursor would change, or an error
//! saying why it cannot be renamed (`tekton_ide::prepare_rename`).

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{PrepareRenameResponse, TextDocumentPositionParams};

use crate::server::session::Snapshot;

pub fn prepare_rename(
    snapshot: &Snapshot,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((file, offset)) = snapshot.cursor(&params) else {
        return Ok(None);
    };
    let span = tekton_ide::prepare_rename(snapshot.workspace(), &file.file, offset)
        .map_err(|refusal| refused(refusal.to_string()))?;
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: file.range(span),
        placeholder: file
            .text()
            .get(span.start..span.end)
            .unwrap_or("")
            .to_owned(),
    }))
}

/// LSP's `RequestFailed`: the request was valid, and the server cannot do it.
const REQUEST_FAILED: i64 = -32803;

/// A refused rename: the client shows the message.
pub fn refused(message: String) -> Error {
    Error {
        code: ErrorCode::ServerError(REQUEST_FAILED),
        message: message.into(),
        data: None,
    }
}
