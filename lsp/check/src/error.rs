//! Problems that stop a path (or the whole run) from being checked: bad paths, unreadable or
//! non-text files, broken configuration. Each is one sentence that says what to do, printed on
//! stderr; any of them makes the exit status 2.

use std::io;
use std::path::Path;

use miette::{NamedSource, SourceSpan};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
pub struct Failure {
    message: String,
    #[source_code]
    source_code: Option<NamedSource<String>>,
    #[label("here")]
    span: Option<SourceSpan>,
}

/// A path as the user would write it: relative to the current folder when it is inside it
/// (configuration files are found through absolute paths, but are not shown that way).
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    cwd.as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .filter(|relative| !relative.as_os_str().is_empty())
        .unwrap_or(path)
        .display()
        .to_string()
}

impl Failure {
    fn new(message: String) -> Self {
        Failure {
            message,
            source_code: None,
            span: None,
        }
    }

    pub fn io(path: &Path, err: &io::Error) -> Self {
        let path = shown(path);
        Failure::new(match err.kind() {
            io::ErrorKind::NotFound => {
                format!(
                    "`{path}` does not exist; check the path (it is relative to the current folder)"
                )
            }
            io::ErrorKind::PermissionDenied => format!(
                "cannot read `{path}`: permission denied; fix its permissions or add it to `ignore` in .tekton-lsp.toml"
            ),
            _ => format!("cannot read `{path}`: {err}; check that it is a readable file or folder"),
        })
    }

    pub fn walk(err: &ignore::Error) -> Self {
        match err {
            ignore::Error::WithPath { path, err } => match err.as_ref() {
                ignore::Error::Io(io) => Failure::io(path, io),
                other => Failure::new(format!(
                    "cannot read `{}`: {other}; fix it or add it to `ignore` in .tekton-lsp.toml",
                    shown(path)
                )),
            },
            ignore::Error::Io(io) => Failure::new(format!(
                "cannot read a folder: {io}; check the permissions of the paths given"
            )),
            other => Failure::new(format!(
                "cannot list files: {other}; check the paths given and any .gitignore files"
            )),
        }
    }

    pub fn not_utf8(path: &Path) -> Self {
        Failure::new(format!(
            "`{}` is not UTF-8 text (is it a binary file?); save it as UTF-8 or add it to `ignore` in .tekton-lsp.toml",
            shown(path)
        ))
    }

    pub fn no_yaml(dir: &Path) -> Self {
        Failure::new(format!(
            "no .yaml or .yml files found in `{}`; pass a folder or files that contain Tekton YAML",
            shown(dir)
        ))
    }

    pub fn project_root_not_dir(path: &Path) -> Self {
        Failure::new(format!(
            "--project-root `{}` is not a folder; pass the repository's top folder (usually `.`)",
            shown(path)
        ))
    }

    pub fn config(path: &Path, text: &str, err: &toml::de::Error) -> Self {
        Failure {
            message: format!(
                "`{}` is not a valid configuration: {}; see the README for the format",
                shown(path),
                err.message().trim_end_matches('.')
            ),
            source_code: Some(NamedSource::new(shown(path), text.to_owned())),
            span: err.span().map(SourceSpan::from),
        }
    }

    pub fn unknown_rule(path: &Path, rule: &str) -> Self {
        Failure::new(format!(
            "`{}` sets a level for `{rule}`, which is not a rule id; check its spelling against the ids `tekton-lsp check` prints",
            shown(path)
        ))
    }

    pub fn editor_settings(reason: &str) -> Self {
        Failure::new(format!(
            "the editor's tekton-lsp settings are not valid: {reason}; fix them (in VS Code, the tektonLsp.* settings) or move them to a .tekton-lsp.toml"
        ))
    }

    pub fn bad_ignore(path: &Path, err: &ignore::Error) -> Self {
        Failure::new(format!(
            "`{}` has an invalid `ignore` pattern: {err}; patterns use .gitignore syntax",
            shown(path)
        ))
    }

    pub fn bad_shellcheck_code(path: &Path, code: &str) -> Self {
        Failure::new(format!(
            "`{}` excludes `{code}` in `[shellcheck]`, which is not a ShellCheck code; write codes as `SC2086` (or `2086`)",
            shown(path)
        ))
    }
}
