//! Analysis of Tekton YAML shared by the language server, `tekton-lsp check` and the plugin.
//!
//! Data flows one way: text → span tree (`syntax`) → JSON value / typed views → diagnostics
//! ([`Diagnostic`]). Everything works on byte offsets; [`LineIndex`] converts them to lines and
//! columns (UTF-8, UTF-16 or characters) at the edge.

pub mod dag;
pub mod diagnostic;
pub mod line_index;
pub mod rules;
pub mod variables;

pub use diagnostic::{Diagnostic, FileRef, Fix, Related, Severity, Span, TextEdit};
pub use line_index::{Encoding, LineIndex, Position};
