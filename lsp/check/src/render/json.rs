//! `--format json`: the stable contract for scripts.
//!
//! `{"files_checked": N, "diagnostics": [{"file", "rule", "severity", "message", "line",
//! "column", "end_line", "end_column"}]}`. Fields are only ever added, never renamed or
//! removed; positions follow the rules in the parent module.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, slash_path};

#[derive(Serialize)]
struct Output<'a> {
    files_checked: usize,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    file: String,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics = report
        .diagnostics()
        .map(|(file, diagnostic)| {
            let range = file.range(diagnostic.span);
            Entry {
                file: slash_path(&file.path),
                rule: diagnostic.rule,
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                line: range.start.line,
                column: range.start.column,
                end_line: range.end.line,
                end_column: range.end.column,
            }
        })
        .collect();
    let output = Output {
        files_checked: report.files.len(),
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
