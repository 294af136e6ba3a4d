//! `tekton-lsp check`: find the files, read and analyse them in parallel, print the results.

mod discover;
mod run;

pub use run::run;
