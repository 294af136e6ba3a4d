//! Reading files and checking them together: every file is analysed in parallel, then all of
//! them form one [`Workspace`] in which references between files are resolved, and ignore
//! comments drop what they silence.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tekton_analysis::scripts::Script;
use tekton_analysis::{Diagnostic, FileAnalysis, FileRef, Workspace};

use crate::config::Settings;
use crate::discover::Source;
use crate::error::Failure;
use crate::render::{CheckedFile, Report, slash_path};
use crate::shellcheck;
use crate::suppress::Suppressions;

/// A file's text, ready for analysis.
pub struct Loaded {
    pub source: Source,
    pub text: Arc<str>,
}

/// Reads files in parallel; those that cannot be read (or are not UTF-8 text) come back as
/// failures, in the order given.
pub fn load_all(sources: Vec<Source>) -> (Vec<Loaded>, Vec<Failure>) {
    let results: Vec<Result<Loaded, Failure>> = sources.into_par_iter().map(load).collect();
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

pub fn load(source: Source) -> Result<Loaded, Failure> {
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

/// Analyses `targets` and `context` (each file with its own settings) in parallel, resolves
/// references across all of them, and reports on the targets only.
pub fn check_files(targets: Vec<Loaded>, context: Vec<Loaded>) -> Report {
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

    // Every script of the targets to ShellCheck at once: a few batched invocations fill the
    // cache that `file_diagnostics` reads.
    let scripts: Vec<(&std::path::Path, Vec<Script>)> = analysed[..target_count]
        .par_iter()
        .map(|(file, analysis)| {
            let settings = &file.source.settings;
            let scripts =
                shellcheck::file_scripts(analysis, &settings.shellcheck, &settings.analysis);
            (settings.shellcheck.path.as_path(), scripts)
        })
        .collect();
    let mut by_binary: HashMap<&std::path::Path, Vec<Script>> = HashMap::new();
    for (binary, scripts) in scripts {
        by_binary.entry(binary).or_default().extend(scripts);
    }
    for (binary, scripts) in &by_binary {
        shellcheck::prefetch(binary, scripts);
    }
    drop(by_binary);

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
            let diagnostics = file_diagnostics(&workspace, &name, &file.source.settings);
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

/// Everything reported on one file of a workspace: its own analysis, the checks across files,
/// ShellCheck's findings in its scripts, minus what its ignore comments silence; sorted by
/// position. Empty for a file the workspace does not hold.
pub fn file_diagnostics(
    workspace: &Workspace,
    name: &FileRef,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let Some(analysis) = workspace.get(name) else {
        return Vec::new();
    };
    let config = &settings.analysis;
    let suppressions = Suppressions::parse(&analysis.text);
    let across_files = tekton_analysis::rules::check_references(workspace, name, config);
    let scripts = shellcheck::file_scripts(analysis, &settings.shellcheck, config);
    let in_scripts = shellcheck::diagnostics(&scripts, &settings.shellcheck, config);
    let mut diagnostics: Vec<Diagnostic> = analysis
        .diagnostics
        .iter()
        .cloned()
        .chain(across_files)
        .chain(in_scripts)
        .filter(|diagnostic| {
            let line = analysis.line_index.line_of(diagnostic.span.start) as usize;
            !suppressions.silences(line, diagnostic.rule)
        })
        .collect();
    diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start, diagnostic.span.end));
    diagnostics
}
