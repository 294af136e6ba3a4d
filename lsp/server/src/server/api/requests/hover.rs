//! `textDocument/hover`: `tekton_ide::hover` as Markdown.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::server::session::Snapshot;

pub fn hover(snapshot: &Snapshot, params: HoverParams) -> Result<Option<Hover>> {
    let Some((file, offset)) = snapshot.cursor(&params.text_document_position_params) else {
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
