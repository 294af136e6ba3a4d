//! In-process tests of the language server, through the LSP protocol (see `harness.rs`).

#[path = "../../../analysis/tests/catalog/mod.rs"]
mod catalog;
mod client;
mod fixtures;
mod harness;

mod diagnostics;
mod dispatch;
mod features;
mod sync;
mod workspace;
