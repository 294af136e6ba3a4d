//! Linting files before anything of theirs is sent to the cluster, exactly as `tekton-lsp
//! check` does (the `tekton-check` library: each file's `.tekton-lsp.toml`, references resolved
//! across the files, ignore comments), and showing the errors as `check` shows them.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tekton_analysis::{AnalysisConfig, FileAnalysis, Severity, analyze_file};
use tekton_check::config::{ConfigCache, Settings};
use tekton_check::render::{self, Format};
use tekton_check::{Loaded, Source, check_files};

use crate::error::{Error, Result};
use crate::manifest;

/// A file that passed the linter, analysed with its own settings.
pub struct Linted {
    pub shown: String,
    pub analysis: FileAnalysis,
    /// The analysis settings its `.tekton-lsp.toml` gives.
    pub config: AnalysisConfig,
}

/// Lints `paths` (`-` is stdin) together. When the linter finds errors, prints its report on
/// stderr and fails; otherwise returns each file's analysis.
pub fn check(paths: &[PathBuf]) -> Result<Vec<Linted>> {
    let configs = ConfigCache::default();
    let mut loaded = Vec::new();
    for path in paths {
        let source = manifest::read(path)?;
        let settings = settings_for(path, &configs)?;
        loaded.push(Loaded {
            source: Source {
                display: PathBuf::from(&source.shown),
                settings,
            },
            text: Arc::from(source.text),
        });
    }
    let analysed: Vec<Linted> = loaded
        .iter()
        .map(|file| Linted {
            shown: file.source.display.display().to_string(),
            analysis: analyze_file(&file.text, &file.source.settings.analysis),
            config: file.source.settings.analysis.clone(),
        })
        .collect();
    let report = check_files(loaded, Vec::new());
    let errors = report.count(Severity::Error);
    if errors > 0 {
        let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut err = io::stderr().lock();
        render::write(&report, Format::Human, color, &mut err)?;
        err.flush()?;
        return Err(Error::Failed(format!(
            "the linter found {errors} error{} (above); fix {} and try again: nothing was sent to the cluster",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" },
        )));
    }
    Ok(analysed)
}

/// The settings of the `.tekton-lsp.toml` nearest to `path` (upstream's defaults for stdin).
fn settings_for(path: &Path, configs: &ConfigCache) -> Result<Arc<Settings>> {
    if path == Path::new("-") {
        return Ok(Arc::new(Settings::default()));
    }
    let absolute = std::path::absolute(path)
        .map_err(|e| Error::Failed(format!("cannot resolve `{}`: {e}", path.display())))?;
    match configs.for_file(&absolute) {
        Some(settings) => Ok(settings),
        None => {
            let reasons: Vec<String> = configs
                .take_failures()
                .iter()
                .map(ToString::to_string)
                .collect();
            Err(Error::Failed(reasons.join("; ")))
        }
    }
}
