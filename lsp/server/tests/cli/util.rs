//! Test support: a temporary folder tree and a way to run the real `tekton-lsp` binary in it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary folder, removed when dropped.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Self {
        Dir {
            tmp: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes `contents` to `relative`, creating folders on the way.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.tmp.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).expect("write a test file");
        path
    }

    /// Runs `tekton-lsp check ARGS` with this folder as the current folder.
    pub fn check(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

/// Runs `tekton-lsp check ARGS` in `cwd`, with the tests' ShellCheck first on `PATH` (so
/// `script-shellcheck` runs, whatever the machine has installed).
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let shellcheck = crate::shellcheck_support::shellcheck_binary();
    let mut path: Vec<PathBuf> = shellcheck
        .parent()
        .map(Path::to_path_buf)
        .into_iter()
        .collect();
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let output = Command::new(env!("CARGO_BIN_EXE_tekton-lsp"))
        .arg("check")
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("PATH", std::env::join_paths(path).expect("PATH entries"))
        .output()
        .expect("run tekton-lsp");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// What one run printed and how it exited; its `Display` is the snapshot format.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).expect("stdout is JSON")
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "exit: {:?}", self.code)?;
        writeln!(f, "--- stdout")?;
        write!(f, "{}", self.stdout)?;
        writeln!(f, "--- stderr")?;
        write!(f, "{}", self.stderr)
    }
}

/// The repository's top folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}
