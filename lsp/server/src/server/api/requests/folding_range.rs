//! `textDocument/foldingRange`: blocks of more than one line (`tekton_ide::folding_ranges`), by
//! line.

use tekton_ide::FoldKind;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

use crate::server::session::Snapshot;

pub fn folding_range(
    snapshot: &Snapshot,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let Some(file) = snapshot.file(&params.text_document.uri) else {
        return Ok(None);
    };
    Ok(Some(
        tekton_ide::folding_ranges(file.analysis)
            .into_iter()
            .filter_map(|range| {
                let start = file.position(range.span.start).line;
                let end = file.position(range.span.end).line;
                (end > start).then(|| FoldingRange {
                    start_line: start,
                    end_line: end,
                    kind: Some(match range.kind {
                        FoldKind::Region => FoldingRangeKind::Region,
                        FoldKind::Comment => FoldingRangeKind::Comment,
                    }),
                    ..FoldingRange::default()
                })
            })
            .collect(),
    ))
}
