//! `textDocument/semanticTokens/full`: the tokens of `$(...)` references
//! (`tekton_ide::semantic_tokens`), encoded relative to each other as LSP wants, in the
//! negotiated position encoding. Types follow the legend of `capabilities.rs`.

use tekton_ide::TokenKind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokens, SemanticTokensParams, SemanticTokensResult,
};

use crate::server::session::Snapshot;

pub fn semantic_tokens_full(
    snapshot: &Snapshot,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let Some(file) = snapshot.file(&params.text_document.uri) else {
        return Ok(None);
    };
    let mut data = Vec::new();
    let (mut line, mut character) = (0, 0);
    for token in tekton_ide::semantic_tokens(file.analysis) {
        let start = file.position(token.span.start);
        let end = file.position(token.span.end);
        // LSP tokens lie on one line.
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 {
            start.character - character
        } else {
            start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: TokenKind::ALL
                .iter()
                .position(|kind| *kind == token.kind)
                .and_then(|index| u32::try_from(index).ok())
                .unwrap_or(0),
            token_modifiers_bitset: 0,
        });
        (line, character) = (start.line, start.character);
    }
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}
