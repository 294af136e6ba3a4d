//! The one diagnostic type of the project.
//!
//! Every check (YAML syntax, schema, Tekton rules) reports a [`Diagnostic`]; the language server,
//! `tekton-lsp check` and its renderers (human, JSON, SARIF, GitHub) all consume this shape.
//! Positions are byte offsets into the file text; [`crate::LineIndex`] turns them into lines and
//! columns in whatever encoding the consumer needs.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// How serious a finding is. Configuration can lower or raise a rule's default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A half-open byte range `start..end` into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub const fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// Whether `offset` lies in the span; the end counts as inside so that a cursor right after
    /// a token still finds it.
    pub const fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub const fn contains_span(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// Names a file other than the one a diagnostic belongs to, as the caller named it when it
/// added the file to the workspace (a path or a URI).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileRef(pub Arc<str>);

impl Serialize for FileRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl FileRef {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FileRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for FileRef {
    fn from(name: &str) -> Self {
        FileRef(Arc::from(name))
    }
}

/// A secondary location that explains a diagnostic, e.g. the declaration a reference misses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// `None` means the same file as the diagnostic.
    pub file: Option<FileRef>,
    pub span: Span,
    pub message: String,
}

/// Replace the text of `span` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// A suggested change that resolves a diagnostic. All edits apply to the diagnostic's file and
/// do not overlap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A rule id from [`crate::rules`] (the ids of ../shared/spec/tekton-rules.md, plus ours).
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity, no related spans and no fix.
    pub fn new(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: crate::rules::default_severity(rule),
            message: message.into(),
            span,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
