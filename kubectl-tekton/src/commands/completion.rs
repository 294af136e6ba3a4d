//! `completion SHELL`: prints the completion script for bash, zsh or fish. The scripts
//! (`kubectl-tekton/completions/`) ask `kubectl-tekton __complete` ([`super::complete`]) for
//! the candidates.

use std::io::{self, Write};

use crate::cli::{CompletionArgs, Shell};
use crate::error::Result;

pub fn run(args: &CompletionArgs) -> Result<()> {
    let script = match args.shell {
        Shell::Bash => include_str!("../../completions/kubectl-tekton.bash"),
        Shell::Zsh => include_str!("../../completions/kubectl-tekton.zsh"),
        Shell::Fish => include_str!("../../completions/kubectl-tekton.fish"),
    };
    let mut out = io::stdout().lock();
    out.write_all(script.as_bytes())?;
    Ok(out.flush()?)
}
