//! `tekton-lsp`: the command line over the analysis library. `check` lints files; `serve` is
//! the language server (in the library, `tekton_lsp::server`).

mod args;
mod check;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    // clap prints usage errors itself and exits with status 2, as the contract requires.
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Serve(_) => tekton_lsp::server::run_stdio(),
    }
}
