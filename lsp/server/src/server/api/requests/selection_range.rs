//! `textDocument/selectionRange`: for each position, the spans around it from the innermost out
//! (`tekton_ide::selection_ranges`), as nested ranges.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{SelectionRange, SelectionRangeParams};

use crate::server::session::Snapshot;

pub fn selection_range(
    snapshot: &Snapshot,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    let Some(file) = snapshot.file(&params.text_document.uri) else {
        return Ok(None);
    };
    // The answer has one entry per position, so a position outside the text (a client out of
    // step) gets the empty answer for the whole request, as other requests do.
    let Some(offsets) = params
        .positions
        .iter()
        .map(|&position| file.offset(position))
        .collect::<Option<Vec<usize>>>()
    else {
        return Ok(None);
    };
    Ok(Some(
        tekton_ide::selection_ranges(file.analysis, &offsets)
            .into_iter()
            .map(|chain| {
                let mut range: Option<SelectionRange> = None;
                for span in chain.into_iter().rev() {
                    range = Some(SelectionRange {
                        range: file.range(span),
                        parent: range.map(Box::new),
                    });
                }
                range.unwrap_or_else(|| SelectionRange {
                    range: file.range(tekton_analysis::Span::at(0)),
                    parent: None,
                })
            })
            .collect(),
    ))
}
