//! `textDocument/hover`: `tekton_ide::hover` as Markdown.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::server::session::Snapshot;

pub fn hover(snapshot: &Snapshot, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    let Some(file) = snapshot.file(&at.text_document.uri) else {
        return Ok(None);
    };
    let Some(offset) = file.offset(at.position) else {
        return Ok(None);
    };
    Ok(
        tekton_ide::hover(snapshot.workspace(), &file.file, offset).map(|hover| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: hover.markdown,
            }),
            range: Some(file.range(hover.span)),
        }),
    )
}
