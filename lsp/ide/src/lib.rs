//! Editor features over the Tekton analysis: completion, hover, navigation, rename, code
//! actions and document structure, as pure functions of a [`Workspace`] (the analysed files)
//! and byte offsets. The language server converts LSP positions to offsets and these results
//! to LSP types; nothing here knows about the protocol.
//!
//! [`Workspace`]: tekton_analysis::Workspace

pub mod completion;
mod context;
mod place;
mod schema;
mod semantics;
#[cfg(test)]
mod test_support;

pub use completion::{CompletionItem, CompletionKind, completions};
