//! Reads the discovered files in parallel, analyses them together (so references resolve across
//! files), drops what ignore comments silence, and prints the report and any failures.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use rayon::prelude::*;
use tekton_analysis::{FileAnalysis, FileRef, Severity, Workspace};

use super::discover::{Source, discover};
use crate::args::{CheckArgs, Color, Format};
use crate::config::ConfigCache;
use crate::error::Failure;
use crate::render::{self, CheckedFile, Report, slash_path};
use crate::suppress::Suppressions;

/// No problems (or only warnings without `--deny-warnings`).
const SUCCESS: u8 = 0;
/// Problems found that fail the check.
const PROBLEMS: u8 = 1;
/// A path, file or configuration could not be used.
const FAILURE: u8 = 2;

pub fn run(args: &CheckArgs) -> ExitCode {
    let configs = ConfigCache::default();
    let discovery = discover(&args.paths, args.project_root.as_deref(), &configs);
    let mut failures = discovery.failures;

    let (targets, target_failures) = read_all(discovery.targets);
    let (context, context_failures) = read_all(discovery.context);
    failures.extend(target_failures);
    // A file read only for references that cannot be read is not worth failing the run: it was
    // not asked for, and the hook would otherwise block commits over an unrelated file.
    drop(context_failures);

    let report = analyze(targets, context);

    let stderr_color = use_color(args.color, io::stderr().is_terminal());
    print_failures(&failures, stderr_color);
    // When nothing could be checked, "no problems found" would mislead a person; machine formats
    // still print their (empty) document so consumers always get valid output.
    let nothing_checked = report.files.is_empty() && !failures.is_empty();
    let stdout_color = use_color(args.color, io::stdout().is_terminal());
    let printed = if nothing_checked && args.format == Format::Human {
        Ok(())
    } else {
        print_report(&report, args.format, stdout_color)
    };
    if let Err(err) = printed {
        // A closed pipe (`check | head`) is the reader's choice, not an error of ours.
        if err.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("error: could not write the report: {err}");
            return ExitCode::from(FAILURE);
        }
    }

    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    ExitCode::from(if !failures.is_empty() {
        FAILURE
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        PROBLEMS
    } else {
        SUCCESS
    })
}

/// A file's text, ready for analysis.
struct Loaded {
    source: Source,
    text: Arc<str>,
}

fn read_all(sources: Vec<Source>) -> (Vec<Loaded>, Vec<Failure>) {
    let results: Vec<Result<Loaded, Failure>> = sources.into_par_iter().map(read).collect();
    let mut loaded = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(file) => loaded.push(file),
            Err(failure) => failures.push(failure),
        }
    }
    (loaded, failures)
}

fn read(source: Source) -> Result<Loaded, Failure> {
    let bytes = std::fs::read(&source.display).map_err(|err| Failure::io(&source.display, &err))?;
    // NUL is valid UTF-8 but never appears in YAML text; it marks a binary file.
    if bytes.contains(&0) {
        return Err(Failure::not_utf8(&source.display));
    }
    let text = String::from_utf8(bytes).map_err(|_| Failure::not_utf8(&source.display))?;
    // Editors do not count a byte-order mark as a column, so neither do we.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(Loaded {
        source,
        text: Arc::from(text),
    })
}

/// Analyses every file (each with its own settings) in parallel, then gathers them into one
/// [`Workspace`], the place where references between files are resolved, and reads the
/// targets' diagnostics back out of it.
fn analyze(targets: Vec<Loaded>, context: Vec<Loaded>) -> Report {
    let target_count = targets.len();
    let analysed: Vec<(Loaded, FileAnalysis)> = targets
        .into_par_iter()
        .chain(context)
        .map(|file| {
            let analysis =
                tekton_analysis::analyze_file(&file.text, &file.source.settings.analysis);
            (file, analysis)
        })
        .collect();

    let mut workspace = Workspace::new();
    let mut checked = Vec::with_capacity(target_count);
    for (position, (file, analysis)) in analysed.into_iter().enumerate() {
        let name = FileRef::from(slash_path(&file.source.display).as_str());
        if position < target_count {
            checked.push((name.clone(), file));
        }
        workspace.insert(name, analysis);
    }

    let files = checked
        .into_par_iter()
        .filter_map(|(name, file)| {
            let analysis = workspace.get(&name)?;
            let suppressions = Suppressions::parse(&file.text);
            let across_files = tekton_analysis::rules::check_references(
                &workspace,
                &name,
                &file.source.settings.analysis,
            );
            let mut diagnostics: Vec<_> = analysis
                .diagnostics
                .iter()
                .cloned()
                .chain(across_files)
                .filter(|diagnostic| {
                    let line = analysis.line_index.line_of(diagnostic.span.start) as usize;
                    !suppressions.silences(line, diagnostic.rule)
                })
                .collect();
            diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start, diagnostic.span.end));
            Some(CheckedFile {
                path: file.source.display,
                text: file.text,
                index: analysis.line_index.clone(),
                diagnostics,
            })
        })
        .collect();
    Report { files }
}

fn print_report(report: &Report, format: Format, color: bool) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    render::write(report, format, color, &mut out)?;
    out.flush()
}

fn print_failures(failures: &[Failure], color: bool) {
    let handler = render::human::handler(color);
    let mut err = io::stderr().lock();
    for failure in failures {
        let mut text = String::new();
        // Rendering into a String cannot fail; fall back to the bare sentence if it ever does.
        if handler.render_report(&mut text, failure).is_err() {
            text = format!("error: {failure}\n");
        }
        // Nothing sensible is left to do if stderr itself is gone.
        let _ = err.write_all(text.as_bytes());
    }
}

fn use_color(choice: Color, is_terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}
