//! Completion: what may be written at the cursor, in documents that are still half-typed.
//!
//! The cursor's place comes from the text ([`crate::context`]); what applies there comes from
//! the schema (keys, enumerated values), the objects around the place ([`crate::place`]: the
//! TaskSpec, pipeline task or run the cursor is in), and the workspace (the Tasks a `taskRef`
//! may name, the params the referenced Task declares). Three kinds of place:
//!
//! - after `$(`: the variables valid there ([`variables`]);
//! - a key: the fields the schema allows minus those present, and snippets for whole list items
//!   ([`keys`]);
//! - a value: enumerated values, booleans, and names from the workspace ([`values`]).

mod keys;
mod snippet;

pub use snippet::plain_text;
mod values;
mod variables;

use tekton_analysis::{FileAnalysis, FileRef, Span, TextEdit, Workspace};

use crate::context::{self, Cursor, DocumentAt, Slot};
use crate::place::{self, Place};

/// One completion. The edit replaces the word at the cursor; snippet text uses `$1`,
/// `${1:placeholder}` and `$0` tab stops, and its lines after the first carry their full
/// indentation (insert them as they are, without re-indenting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (a type, where a name is declared).
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    pub edit: TextEdit,
    pub snippet: bool,
    /// The text the editor matches what is typed against, when not the label.
    pub filter_text: Option<String>,
    /// Orders the items: names the referenced Task declares, required keys, other keys,
    /// snippets; by name within each group.
    pub sort_text: String,
    pub deprecated: bool,
}

/// What an item inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A key of the schema.
    Field,
    /// An enumerated value or boolean.
    Value,
    /// A `$(...)` variable.
    Variable,
    /// A whole block (a step, a pipeline task, a param declaration).
    Snippet,
    /// The name of something declared elsewhere (a Task, a pipeline task, a param).
    Reference,
}

/// The completions at `offset` of `file`; empty when the file is not in the workspace.
pub fn completions(workspace: &Workspace, file: &FileRef, offset: usize) -> Vec<CompletionItem> {
    let Some((file, analysis)) = workspace.entry(file) else {
        return Vec::new();
    };
    let offset = clamp(&analysis.text, offset);
    let document = context::document_at(analysis, offset);
    if let Some(typed) = variables::typed_at(&analysis.text, offset) {
        let cursor = context::cursor(&analysis.text, document.span, offset);
        let request = Request::new(workspace, file, analysis, document, cursor);
        return variables::complete(&request, typed);
    }
    let cursor = context::cursor(&analysis.text, document.span, offset);
    let request = Request::new(workspace, file, analysis, document, cursor);
    let mut items = match &request.cursor.slot {
        Slot::Key { .. } => keys::complete(&request),
        Slot::Value { .. } => values::complete(&request),
    };
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    items
}

/// The offset moved back to a character boundary.
fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Everything a completion request looks at.
pub(crate) struct Request<'w> {
    pub workspace: &'w Workspace,
    pub file: &'w FileRef,
    pub analysis: &'w FileAnalysis,
    pub document: DocumentAt,
    pub cursor: Cursor,
    pub place: Place<'w>,
}

impl<'w> Request<'w> {
    fn new(
        workspace: &'w Workspace,
        file: &'w FileRef,
        analysis: &'w FileAnalysis,
        document: DocumentAt,
        cursor: Cursor,
    ) -> Self {
        let place = place::place(
            &analysis.syntax,
            document.root,
            document.kind.map(|(_, kind)| kind),
            &cursor.path,
        );
        Request {
            workspace,
            file,
            analysis,
            document,
            cursor,
            place,
        }
    }

    pub fn text(&self) -> &'w str {
        &self.analysis.text
    }

    /// An item replacing the word at the cursor.
    pub fn item(
        &self,
        label: impl Into<String>,
        kind: CompletionKind,
        new_text: String,
    ) -> CompletionItem {
        let label = label.into();
        CompletionItem {
            sort_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            edit: TextEdit {
                span: self.cursor.word,
                new_text,
            },
            snippet: false,
            filter_text: None,
            deprecated: false,
        }
    }

    /// The word at the cursor, as typed.
    pub fn typed(&self) -> &'w str {
        let word: Span = self.cursor.word;
        self.text().get(word.start..word.end).unwrap_or("")
    }
}
