//! `textDocument/references`: every place the name at the cursor is written, in every file of
//! the workspace (`tekton_ide::references`).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Location, ReferenceParams};

use crate::server::session::Snapshot;

pub fn references(snapshot: &Snapshot, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let Some((file, offset)) = snapshot.cursor(&params.text_document_position) else {
        return Ok(None);
    };
    let include = params.context.include_declaration;
    Ok(Some(
        tekton_ide::references(snapshot.workspace(), &file.file, offset, include)
            .into_iter()
            .filter_map(|place| snapshot.location(&place.file, place.span))
            .collect(),
    ))
}
