//! Analysis of Tekton YAML shared by the language server, `tekton-lsp check` and the plugin.
//!
//! Data flows one way: text → span tree ([`syntax`]) → per-document dispatch ([`document`]) →
//! JSON value → schema diagnostics ([`schema_check`]) → [`Diagnostic`]s with the configured
//! levels applied. Everything works on byte offsets; [`LineIndex`] converts them to lines and
//! columns (UTF-8, UTF-16 or characters) at the edge.
//!
//! [`analyze_file`] is pure and per file, so callers can run it in parallel and re-run it on
//! the one document that changed; [`Workspace`] holds many files' results for the checks that
//! look across files.

pub mod config;
pub mod dag;
pub mod diagnostic;
pub mod document;
pub mod line_index;
pub mod rules;
pub mod schema_check;
pub mod schema_walk;
pub mod scripts;
pub mod syntax;
pub mod variables;
mod workspace;

pub use config::AnalysisConfig;
pub use diagnostic::{Diagnostic, FileRef, Fix, Related, Severity, Span, TextEdit};
pub use document::{Document, DocumentKind, TektonKind, TektonVersion};
pub use line_index::{Encoding, LineIndex, Position};
pub use workspace::{Choice, Resolution, Workspace};

use syntax::SyntaxTree;

/// Everything known about one file after analysis.
#[derive(Debug)]
pub struct FileAnalysis {
    /// The text analysed: rules across files read spans inside another file's scalars.
    pub text: String,
    pub syntax: SyntaxTree,
    /// One per YAML document, in order.
    pub documents: Vec<Document>,
    /// Sorted by span; levels from the configuration already applied, rules that are off
    /// removed. `# tekton-lsp: ignore[...]` comments are not applied here (the caller does, see
    /// the module docs of the server's `suppress`).
    pub diagnostics: Vec<Diagnostic>,
    pub line_index: LineIndex,
}

/// Parses and checks one file. Never panics and never fails: broken YAML yields `yaml-syntax`
/// diagnostics and the rest of the file is still analysed.
pub fn analyze_file(text: &str, config: &AnalysisConfig) -> FileAnalysis {
    let syntax = syntax::parse(text);
    let mut diagnostics: Vec<Diagnostic> = syntax
        .errors()
        .iter()
        .map(|error| Diagnostic::new(rules::YAML_SYNTAX, error.span, error.message.clone()))
        .collect();
    let check_schema = [
        rules::UNKNOWN_FIELD,
        rules::FIELD_NAME_CASE,
        rules::FIELD_TYPE_MISMATCH,
        rules::MISSING_REQUIRED_FIELD,
    ]
    .iter()
    .any(|rule| config.is_enabled(rule));
    let mut documents = Vec::with_capacity(syntax.documents().len());
    for yaml in syntax.documents() {
        let kind = document::classify(&syntax, yaml);
        let mut name = None;
        if let (DocumentKind::Tekton { version, kind }, Some(root)) = (&kind, yaml.root) {
            match syntax::to_json(&syntax, root) {
                Ok(json) => {
                    diagnostics.extend(json.collection_keys.iter().map(|&span| {
                        Diagnostic::new(
                            rules::YAML_SYNTAX,
                            span,
                            "a mapping or list cannot be a key: Kubernetes cannot convert it to \
                             JSON (quote it if it is a `{{placeholder}}`)",
                        )
                    }));
                    if check_schema {
                        let schemas = config.schema_set();
                        diagnostics.extend(schema_check::check(
                            schemas,
                            *version,
                            *kind,
                            &syntax,
                            root,
                            &json.value,
                        ));
                    }
                    if config.is_enabled(rules::DEPRECATED_FIELD) {
                        diagnostics.extend(schema_check::deprecated_fields(
                            config.schema_set(),
                            *version,
                            *kind,
                            (&syntax, text),
                            root,
                            &json.value,
                        ));
                    }
                    diagnostics.extend(rules::check_document(
                        &syntax, text, root, *version, *kind, config,
                    ));
                    name = json
                        .value
                        .pointer("/metadata/name")
                        .and_then(|name| name.as_str())
                        .map(str::to_owned);
                }
                Err(error) => {
                    let start = syntax.node(root).span.start;
                    let span = Span::new(start, start + 1);
                    diagnostics.push(Diagnostic::new(rules::YAML_SYNTAX, span, error.to_string()));
                }
            }
        }
        if let (DocumentKind::OtherKubernetes { api_version, kind }, Some(root)) =
            (&kind, yaml.root)
        {
            diagnostics.extend(rules::check_unserved(
                &syntax,
                root,
                api_version,
                kind,
                config,
            ));
        }
        documents.push(Document {
            span: yaml.span,
            root: yaml.root,
            kind,
            name,
        });
    }
    diagnostics.extend(rules::check_duplicate_documents(
        &syntax, &documents, config,
    ));
    apply_levels(&mut diagnostics, config);
    schema_check::drop_superseded(&mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    FileAnalysis {
        text: text.to_owned(),
        line_index: LineIndex::new(text),
        syntax,
        documents,
        diagnostics,
    }
}

/// Sets each diagnostic's configured severity and drops those of rules that are off.
pub fn apply_levels(diagnostics: &mut Vec<Diagnostic>, config: &AnalysisConfig) {
    diagnostics.retain_mut(|diagnostic| match config.severity(diagnostic.rule) {
        Some(severity) => {
            diagnostic.severity = severity;
            true
        }
        None => false,
    });
}
