//! Where tests find ShellCheck (shared by the crates whose tests run it, through `#[path]`):
//! `TEKTON_LSP_TEST_SHELLCHECK` when set, else the pinned wheel `tests/shellcheck/install`
//! installs (what `tests/run-all` runs), else `shellcheck` on `PATH`.

use std::path::PathBuf;
use std::process::Command;

pub fn shellcheck_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("TEKTON_LSP_TEST_SHELLCHECK") {
        return PathBuf::from(path);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")));
    if let Some(installed) =
        cache.map(|cache| cache.join("tekton-tools/shellcheck/venv/bin/shellcheck"))
        && installed.is_file()
    {
        return installed;
    }
    let on_path = PathBuf::from("shellcheck");
    if Command::new(&on_path).arg("--version").output().is_ok() {
        return on_path;
    }
    panic!(
        "this test runs ShellCheck: run tests/shellcheck/install, or set TEKTON_LSP_TEST_SHELLCHECK to a shellcheck binary"
    );
}
