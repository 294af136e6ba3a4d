//! `textDocument/inlayHint`: the defaults a pipeline task or run gets for the params it leaves
//! out (`tekton_ide::inlay_hints`).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintKind, InlayHintLabel, InlayHintParams, InlayHintTooltip,
};

use crate::server::session::Snapshot;

pub fn inlay_hint(snapshot: &Snapshot, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let Some(file) = snapshot.file(&params.text_document.uri) else {
        return Ok(None);
    };
    // Lines past the end of the text (a visible range beyond it) mean the end.
    let start = file.offset(params.range.start).unwrap_or(file.text().len());
    let end = file.offset(params.range.end).unwrap_or(file.text().len());
    let range = tekton_analysis::Span::new(start.min(end), end);
    Ok(Some(
        tekton_ide::inlay_hints(snapshot.workspace(), &file.file, range)
            .into_iter()
            .map(|hint| InlayHint {
                position: file.position(hint.offset),
                label: InlayHintLabel::String(hint.label),
                kind: Some(InlayHintKind::PARAMETER),
                text_edits: None,
                tooltip: hint.tooltip.map(InlayHintTooltip::String),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    ))
}
