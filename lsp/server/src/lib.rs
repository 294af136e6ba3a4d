//! `tekton-lsp` as a library: the language server ([`server`]), so that the in-process tests
//! and the benchmark driver run exactly what `tekton-lsp serve` runs.

pub mod server;
