//! `textDocument/definition`: where the name at the cursor is declared, in any file
//! (`tekton_ide::definition`); from a `taskRef`/`pipelineRef`, the referenced document.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{GotoDefinitionParams, GotoDefinitionResponse};

use crate::server::session::Snapshot;

pub fn definition(
    snapshot: &Snapshot,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let Some((file, offset)) = snapshot.cursor(&params.text_document_position_params) else {
        return Ok(None);
    };
    let locations: Vec<_> = tekton_ide::definition(snapshot.workspace(), &file.file, offset)
        .into_iter()
        .filter_map(|target| snapshot.location(&target.file, target.span))
        .collect();
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}
