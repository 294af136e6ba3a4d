//! Editor features over the Tekton analysis: completion, hover, navigation, rename, code
//! actions and document structure, as pure functions of a [`Workspace`] (the analysed files)
//! and byte offsets. The language server converts LSP positions to offsets and these results
//! to LSP types; nothing here knows about the protocol.
//!
//! [`Workspace`]: tekton_analysis::Workspace

pub mod completion;
mod context;
pub mod hover;
pub mod navigation;
mod place;
pub mod rename;
mod schema;
mod semantics;
#[cfg(test)]
mod test_support;

pub use completion::{CompletionItem, CompletionKind, completions};
pub use hover::{Hover, hover};
pub use navigation::{definition, references};
pub use rename::{RenameError, WorkspaceEdit, prepare_rename, rename};

use tekton_analysis::{FileRef, Span};

/// A span of a file of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: FileRef,
    pub span: Span,
}
