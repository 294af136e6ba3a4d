//! `--format human`: miette's graphical reports, one per diagnostic, then a one-line summary.
//! miette is only used here and for the CLI's own errors; the analysis library knows nothing of
//! it.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use tekton_analysis::{Diagnostic, Severity, Span};

use super::Report;

pub fn write(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(color);
    for file in &report.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let source = NamedSource::new(file.path.display().to_string(), Arc::clone(&file.text));
        for diagnostic in &file.diagnostics {
            let shown = Shown {
                diagnostic,
                source: &source,
            };
            let mut rendered = String::new();
            handler
                .render_report(&mut rendered, &shown)
                .map_err(|_| io::Error::other("could not format a diagnostic"))?;
            out.write_all(rendered.as_bytes())?;
            writeln!(out)?;
        }
    }
    writeln!(out, "{}", summary(report))
}

/// The handler for both diagnostics and the CLI's own errors, so they look alike.
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
}

fn summary(report: &Report) -> String {
    let files = plural(report.files.len(), "file");
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let others = report.count(Severity::Info) + report.count(Severity::Hint);
    if errors + warnings + others == 0 {
        return format!("No problems found in {files}.");
    }
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if others > 0 {
        parts.push(plural(others, "note"));
    }
    let with_problems = report
        .files
        .iter()
        .filter(|file| !file.diagnostics.is_empty())
        .count();
    format!(
        "Found {} in {with_problems} of {files} checked.",
        parts.join(", ")
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Adapts one of our diagnostics to miette's trait, borrowing the file's text.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a NamedSource<Arc<str>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Hint => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .fix
            .as_ref()
            .map(|fix| Box::new(&fix.title) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(None, source_span(self.diagnostic.span));
        let related = self
            .diagnostic
            .related
            .iter()
            .filter(|related| related.file.is_none())
            .map(|related| {
                LabeledSpan::new_with_span(Some(related.message.clone()), source_span(related.span))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn source_span(span: Span) -> miette::SourceSpan {
    (span.start, span.end.saturating_sub(span.start)).into()
}
