//! `textDocument/completion`: what may be written at the cursor (`tekton_ide::completions`),
//! as LSP items. Snippets keep their indentation as written (`insertTextMode: asIs`), and
//! become plain text for clients without snippet support.

use tekton_ide::{CompletionItem as Item, CompletionKind};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemTag, CompletionList, CompletionParams,
    CompletionResponse, CompletionTextEdit, Documentation, InsertTextFormat, InsertTextMode,
    MarkupContent, MarkupKind, TextEdit,
};

use crate::server::session::{FileSnapshot, Snapshot};

pub fn completion(
    snapshot: &Snapshot,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let Some((file, offset)) = snapshot.cursor(&params.text_document_position) else {
        return Ok(None);
    };
    let snippets = snapshot.support().snippets;
    let items = tekton_ide::completions(snapshot.workspace(), &file.file, offset)
        .into_iter()
        .map(|item| to_lsp(&file, item, snippets))
        .collect();
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    })))
}

fn to_lsp(file: &FileSnapshot<'_>, item: Item, snippets: bool) -> CompletionItem {
    let snippet = item.snippet && snippets;
    let new_text = if item.snippet && !snippets {
        tekton_ide::completion::plain_text(&item.edit.new_text)
    } else {
        item.edit.new_text
    };
    let multi_line = new_text.contains('\n');
    CompletionItem {
        label: item.label,
        kind: Some(match item.kind {
            CompletionKind::Field => CompletionItemKind::PROPERTY,
            CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
            CompletionKind::Variable => CompletionItemKind::VARIABLE,
            CompletionKind::Snippet => CompletionItemKind::SNIPPET,
            CompletionKind::Reference => CompletionItemKind::REFERENCE,
        }),
        detail: item.detail,
        documentation: item.documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
        sort_text: Some(item.sort_text),
        filter_text: item.filter_text,
        insert_text_format: Some(if snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        insert_text_mode: multi_line.then_some(InsertTextMode::AS_IS),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: file.range(item.edit.span),
            new_text,
        })),
        ..CompletionItem::default()
    }
}
