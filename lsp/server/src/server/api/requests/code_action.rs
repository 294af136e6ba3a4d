//! `textDocument/codeAction`: the fixes of the diagnostics at the range as quick fixes, and
//! "fix all" as a `source.fixAll` action (`tekton_ide::code_actions`). The diagnostics are
//! those `check` reports on the file, as the server publishes them.

use std::collections::HashMap;

use tekton_check::config::Settings;
use tekton_ide::ActionKind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};

use crate::server::diagnostics::to_lsp;
use crate::server::session::Snapshot;

pub fn code_action(
    snapshot: &Snapshot,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let Some(file) = snapshot.file(&params.text_document.uri) else {
        return Ok(None);
    };
    let (Some(range), Some(uri)) = (file.span(params.range), file.uri()) else {
        return Ok(None);
    };
    let default = Settings::default();
    let settings = file.settings().unwrap_or(&default);
    let findings = tekton_check::file_diagnostics(snapshot.workspace(), &file.file, settings);
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|asked| kind.as_str().starts_with(asked.as_str()))
        })
    };
    let actions = tekton_ide::code_actions(&findings, range)
        .into_iter()
        .filter_map(|action| {
            let kind = match action.kind {
                ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                ActionKind::FixAll => CodeActionKind::SOURCE_FIX_ALL,
            };
            if !wanted(&kind) {
                return None;
            }
            let edits = action
                .edits
                .into_iter()
                .map(|edit| TextEdit::new(file.range(edit.span), edit.new_text))
                .collect();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(kind),
                diagnostics: Some(
                    action
                        .diagnostics
                        .iter()
                        .map(|finding| to_lsp(snapshot, &file, finding))
                        .collect(),
                ),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: action.preferred.then_some(true),
                ..CodeAction::default()
            }))
        })
        .collect();
    Ok(Some(actions))
}
