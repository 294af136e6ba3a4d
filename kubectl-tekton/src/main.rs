//! `kubectl-tekton`: a kubectl plugin for Tekton runs. See ARCHITECTURE.md for the modules and
//! the flow of a command: arguments ([`cli`]) → command ([`commands`]) → cluster ([`cluster`])
//! → output ([`output`]), with every failure one sentence ([`error`]).

mod cli;
mod cluster;
mod commands;
mod duration;
mod error;
mod launch;
mod lint;
mod logs;
mod lookup;
mod manifest;
mod newrun;
mod output;
mod params;
mod pipeline_dag;
mod preflight;
mod prompt;
mod resource;
mod run;
mod workspaces;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::error::Error;

fn main() -> ExitCode {
    // The completion protocol passes the words being typed as they are, flags included, so
    // they are not for clap to parse.
    let mut args = std::env::args();
    let completing = args.nth(1).is_some_and(|first| first == "__complete");
    // clap prints usage errors itself and exits with status 2; --help and --version exit 0.
    let cli = (!completing).then(Cli::parse);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    let Some(cli) = cli else {
        runtime.block_on(commands::complete::run(args.collect()));
        return ExitCode::SUCCESS;
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => ExitCode::from(code),
        // `kubectl tekton list | head` closes the pipe early: that is the reader's choice.
        Err(Error::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
