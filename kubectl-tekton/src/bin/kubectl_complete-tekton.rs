//! `kubectl_complete-tekton`: kubectl 1.26 and later run this executable, found on PATH, to
//! complete `kubectl tekton ...`, passing the words after `tekton` with the one being
//! completed last. It hands them to `kubectl-tekton __complete`, the plugin's own completion,
//! using the `kubectl-tekton` beside this executable (else the one on PATH).

use std::path::PathBuf;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("kubectl-tekton")))
        .filter(|plugin| plugin.is_file());
    let plugin = beside.unwrap_or_else(|| PathBuf::from("kubectl-tekton"));
    let status = Command::new(&plugin)
        .arg("__complete")
        .args(std::env::args_os().skip(1))
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        // kubectl reads candidates from stdout; with none it offers nothing.
        _ => ExitCode::FAILURE,
    }
}
