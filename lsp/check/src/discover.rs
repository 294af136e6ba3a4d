//! Which files a run reads: the paths given (folders searched for `*.yaml`/`*.yml`, honouring
//! .gitignore and each folder's `.tekton-lsp.toml` `ignore` list), plus, with `--project-root`,
//! the rest of the repository for resolving references only.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::config::{ConfigCache, Settings};
use crate::error::Failure;

/// One file to read.
pub struct Source {
    /// The path as printed: relative to the current folder when it was given that way, without a
    /// leading `./`.
    pub display: PathBuf,
    pub settings: Arc<Settings>,
}

pub struct Discovery {
    /// Files to report on, sorted by path so output does not depend on walk or thread order.
    pub targets: Vec<Source>,
    /// Files read only to resolve references (with `--project-root`); never reported on.
    pub context: Vec<Source>,
    pub failures: Vec<Failure>,
}

pub fn discover(
    paths: &[PathBuf],
    project_root: Option<&Path>,
    configs: &ConfigCache,
) -> Discovery {
    let mut seen = HashSet::new();
    let mut failures = Vec::new();
    let mut targets = Vec::new();

    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(err) => {
                failures.push(Failure::io(path, &err));
                continue;
            }
        };
        if metadata.is_dir() {
            // A folder whose YAML files are all ignored, or were reached through an earlier
            // argument, is fine; one with no YAML at all is most likely a wrong path.
            if walk(path, configs, &mut seen, &mut targets, &mut failures) == 0 {
                failures.push(Failure::no_yaml(path));
            }
        } else {
            // A file named directly is checked whatever its extension and even if .gitignore
            // lists it (as ripgrep does), but the configuration's `ignore` list still applies, so
            // a pre-commit hook skips what the project chose to skip.
            add(path, configs, &mut seen, &mut targets);
        }
    }

    let mut context = Vec::new();
    if let Some(root) = project_root {
        match std::fs::metadata(root) {
            Ok(metadata) if metadata.is_dir() => {
                walk(root, configs, &mut seen, &mut context, &mut failures);
            }
            Ok(_) => failures.push(Failure::project_root_not_dir(root)),
            Err(err) => failures.push(Failure::io(root, &err)),
        }
    }

    failures.extend(configs.take_failures());
    targets.sort_by(|a, b| a.display.cmp(&b.display));
    Discovery {
        targets,
        context,
        failures,
    }
}

fn walk(
    root: &Path,
    configs: &ConfigCache,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<Source>,
    failures: &mut Vec<Failure>,
) -> usize {
    let mut found = 0;
    let walker = ignore::WalkBuilder::new(root)
        // Tekton files often live in hidden folders (`.tekton/` for Pipelines-as-Code), so hidden
        // paths are searched; only Git's own folder is skipped.
        .hidden(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        // Honour .gitignore files even outside a Git checkout (an unpacked archive, a test folder).
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                if is_file && is_yaml(entry.path()) {
                    found += 1;
                    add(entry.path(), configs, seen, out);
                }
            }
            Err(err) => failures.push(Failure::walk(&err)),
        }
    }
    found
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
}

fn add(path: &Path, configs: &ConfigCache, seen: &mut HashSet<PathBuf>, out: &mut Vec<Source>) {
    let Some(absolute) = absolute(path) else {
        return;
    };
    if !seen.insert(absolute.clone()) {
        return;
    }
    // A broken configuration file is reported once by the cache; its files are skipped.
    let Some(settings) = configs.for_file(&absolute) else {
        return;
    };
    if settings.ignores(&absolute) {
        return;
    }
    out.push(Source {
        display: display_path(path),
        settings,
    });
}

/// An absolute, lexically normalised path (no `.` or `..`), used to find configuration files
/// and to notice the same file reached through two path arguments. Symlinks are not resolved:
/// a linked file is checked where the user sees it.
fn absolute(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    Some(normal)
}

fn display_path(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}
