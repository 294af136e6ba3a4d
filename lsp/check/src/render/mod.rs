//! Reports in each `--format`. Every renderer reads the same [`Report`] and shares the
//! position conversion here, so a diagnostic is at the same line and column in all formats.
//!
//! Positions are 1-based. A column counts Unicode characters (scalar values) from the start of
//! the line, as rustc and ruff do; it is neither a byte offset nor a UTF-16 unit, so it matches
//! what an editor shows for any text without astral-plane characters (emoji), and still names
//! the right character when there are some. End positions are exclusive: they point just past
//! the last character of the problem, as SARIF and LSP ranges do.

mod github;
pub mod human;
mod json;
mod sarif;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tekton_analysis::{Diagnostic, Encoding, LineIndex, Severity, Span};

/// One checked file and what was found in it, after rule levels and ignore comments applied.
pub struct CheckedFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub index: LineIndex,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Report {
    /// Every file reported on, sorted by path, including those without diagnostics.
    pub files: Vec<CheckedFile>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|file| &file.diagnostics)
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    }

    fn diagnostics(&self) -> impl Iterator<Item = (&CheckedFile, &Diagnostic)> {
        self.files.iter().flat_map(|file| {
            file.diagnostics
                .iter()
                .map(move |diagnostic| (file, diagnostic))
        })
    }
}

/// The output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with the problem underlined, for people.
    Human,
    /// One JSON object: {"files_checked", "diagnostics": [...]}; a stable contract for scripts.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards (e.g. GitHub's upload-sarif).
    Sarif,
    /// GitHub Actions workflow commands, which show as annotations on a pull request.
    Github,
}

pub fn write(report: &Report, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, color, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
    }
}

/// A 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

impl CheckedFile {
    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    fn position(&self, offset: usize) -> Position {
        let position = self.index.position(offset, Encoding::Utf32);
        Position {
            line: position.line as usize + 1,
            column: position.column as usize + 1,
        }
    }
}

/// The path with `/` separators, as SARIF and GitHub expect whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/")
}
