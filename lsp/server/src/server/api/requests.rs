//! Request handlers, one file per LSP method. The editor features convert positions and
//! results only; what they answer comes from `tekton-ide`.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod document_link;
pub mod document_symbol;
pub mod folding_range;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod prepare_rename;
pub mod references;
pub mod rename;
pub mod selection_range;
pub mod semantic_tokens_full;
