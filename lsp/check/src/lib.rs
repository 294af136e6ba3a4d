//! What `tekton-lsp check` does to a set of files, as a library, so that every front end over
//! the analysis engine does it the same way: the `check` command, the language server and the
//! plugin's pre-flight checks.
//!
//! Data flows one way: paths → [`discover`] (which files, each with the [`config::Settings`] of
//! its nearest `.tekton-lsp.toml`) → [`load`] (text) → [`check_files`] (analysis of every file,
//! references resolved across all of them, step scripts through [`shellcheck`], `# tekton-lsp:
//! ignore` comments applied) →
//! [`render::Report`] → [`render::write`] in the chosen format.

pub mod config;
pub mod discover;
pub mod error;
mod files;
pub mod render;
pub mod shellcheck;
pub mod suppress;

pub use discover::{Discovery, Source, discover};
pub use error::Failure;
pub use files::{Loaded, check_files, file_diagnostics, load, load_all};
