//! `tekton-lsp check`: finds the files, checks them together (the `tekton-check` library), and
//! prints the report, the failures and the exit status.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use tekton_analysis::Severity;
use tekton_check::config::ConfigCache;
use tekton_check::render::{self, Format, Report};
use tekton_check::{Failure, check_files, discover, load_all};

use crate::args::{CheckArgs, Color};

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

    let (targets, target_failures) = load_all(discovery.targets);
    let (context, context_failures) = load_all(discovery.context);
    failures.extend(target_failures);
    // A file read only for references that cannot be read is not worth failing the run: it was
    // not asked for, and the hook would otherwise block commits over an unrelated file.
    drop(context_failures);

    let report = check_files(targets, context);

    let stderr_color = use_color(args.color, io::stderr().is_terminal());
    print_failures(&failures, stderr_color);
    // Not a failure: everything else was checked.
    for notice in tekton_check::shellcheck::take_notices() {
        eprintln!("note: {notice}");
    }
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
