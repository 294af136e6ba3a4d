//! In-process tests of the language server, through the LSP protocol (see `harness.rs`).

#[path = "../../../analysis/tests/catalog/mod.rs"]
mod catalog;
#[allow(
    dead_code,
    reason = "shared with the benchmark driver; each uses part of it"
)]
mod client;
mod fixtures;
mod harness;
#[path = "../../../check/tests/support/shellcheck.rs"]
mod shellcheck_support;

mod diagnostics;
mod dispatch;
mod features;
mod stress;
mod sync;
mod workspace;
