//! `textDocument/rename`: every declaration and reference of the name at the cursor, in every
//! file (`tekton_ide::rename`), or an error saying why the rename is refused.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{RenameParams, TextEdit, WorkspaceEdit};

use super::prepare_rename::refused;
use crate::server::session::Snapshot;

pub fn rename(snapshot: &Snapshot, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let Some((file, offset)) = snapshot.cursor(&params.text_document_position) else {
        return Ok(None);
    };
    let edits = tekton_ide::rename(snapshot.workspace(), &file.file, offset, &params.new_name)
        .map_err(|refusal| refused(refusal.to_string()))?;
    let mut changes = HashMap::new();
    for (name, file_edits) in edits {
        let Some(target) = snapshot.file_by_ref(&name) else {
            continue;
        };
        let Some(uri) = target.uri() else { continue };
        let converted = file_edits
            .into_iter()
            .map(|edit| TextEdit::new(target.range(edit.span), edit.new_text))
            .collect();
        changes.insert(uri, converted);
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}
