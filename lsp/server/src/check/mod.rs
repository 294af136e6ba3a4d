//! `tekton-lsp check`: the command over the `tekton-check` library.

mod run;

pub use run::run;
