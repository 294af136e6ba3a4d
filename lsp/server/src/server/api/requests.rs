//! Request handlers, one file per LSP method.

pub mod initialize;
