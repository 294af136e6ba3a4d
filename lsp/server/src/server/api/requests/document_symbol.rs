//! `textDocument/documentSymbol`: the outline of the file, one entry per `---` document
//! (`tekton_ide::document_symbols`).

use tekton_ide::{DocumentSymbol as Entry, OutlineKind};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind,
};

use crate::server::session::{FileSnapshot, Snapshot};

pub fn document_symbol(
    snapshot: &Snapshot,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(file) = snapshot.file(&params.text_document.uri) else {
        return Ok(None);
    };
    let symbols = tekton_ide::document_symbols(file.analysis)
        .into_iter()
        .map(|entry| to_lsp(&file, entry))
        .collect();
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

fn to_lsp(file: &FileSnapshot<'_>, entry: Entry) -> DocumentSymbol {
    #[allow(deprecated, reason = "`deprecated` is a required field of the struct")]
    DocumentSymbol {
        name: entry.name,
        detail: entry.detail,
        kind: match entry.kind {
            OutlineKind::Document => SymbolKind::CLASS,
            OutlineKind::Other => SymbolKind::OBJECT,
            OutlineKind::List => SymbolKind::ARRAY,
            OutlineKind::Param => SymbolKind::VARIABLE,
            OutlineKind::Result => SymbolKind::FIELD,
            OutlineKind::Workspace => SymbolKind::PACKAGE,
            OutlineKind::Step => SymbolKind::FUNCTION,
            OutlineKind::PipelineTask => SymbolKind::METHOD,
        },
        tags: None,
        deprecated: None,
        range: file.range(entry.span),
        selection_range: file.range(entry.selection),
        children: Some(
            entry
                .children
                .into_iter()
                .map(|child| to_lsp(file, child))
                .collect(),
        ),
    }
}
