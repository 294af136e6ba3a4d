//! Editor features over the Tekton analysis: completion, hover, navigation, rename, code
//! actions, document structure (symbols, folding, selection ranges, semantic tokens, links,
//! inlay hints), as pure functions of a [`Workspace`] (the analysed files)
//! and byte offsets. The language server converts LSP positions to offsets and these results
//! to LSP types; nothing here knows about the protocol.
//!
//! [`Workspace`]: tekton_analysis::Workspace

pub mod actions;
pub mod completion;
mod context;
pub mod hover;
pub mod inlay;
pub mod links;
pub mod navigation;
mod place;
pub mod rename;
mod schema;
mod semantics;
pub mod structure;
#[cfg(test)]
mod test_support;
pub mod tokens;

pub use actions::{ActionKind, CodeAction, code_actions, fix_all};
pub use completion::{CompletionItem, CompletionKind, completions};
pub use hover::{Hover, hover};
pub use inlay::{InlayHint, inlay_hints};
pub use links::{DocumentLink, document_links};
pub use navigation::{definition, references};
pub use rename::{RenameError, WorkspaceEdit, prepare_rename, rename};
pub use structure::{
    DocumentSymbol, FoldKind, FoldingRange, OutlineKind, document_symbols, folding_ranges,
    selection_ranges,
};
pub use tokens::{SemanticToken, TokenKind, semantic_tokens};

use tekton_analysis::{FileRef, Span};

/// A span of a file of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: FileRef,
    pub span: Span,
}
