//! Command-line arguments. Each doc comment here is also the `--help` text, so it is written for
//! the person typing the command, not for us.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use tekton_check::render::Format;

/// Linter and language server for Tekton YAML.
///
/// Checks Tasks, Pipelines, TaskRuns, PipelineRuns and StepActions (tekton.dev/v1 and v1beta1)
/// against the Tekton API schema and its reference rules, with exact positions: on the command
/// line (`check`) or in an editor (`serve`).
#[derive(Debug, Parser)]
#[command(
    name = "tekton-lsp",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Tekton YAML files and report problems.
    ///
    /// Folders are searched for *.yaml and *.yml files, honouring .gitignore; files named
    /// directly are always checked. References (taskRef, pipelineRef, ...) are resolved across
    /// every file checked in the same run.
    ///
    /// Each file is checked with the nearest .tekton-lsp.toml found in its folder or above it.
    ///
    /// Exit status: 0 when no error was found, 1 when errors were found (or warnings, with
    /// --deny-warnings), 2 when a path or configuration file could not be used.
    Check(CheckArgs),

    /// Run the language server, speaking LSP over stdin and stdout.
    ///
    /// Editors start it themselves: point your editor's LSP client at `tekton-lsp serve` (see
    /// editors/ in the repository for Neovim). It shows what `check` reports as you type, with
    /// the same .tekton-lsp.toml settings, and indexes the workspace folders for references
    /// across files.
    ///
    /// Exit status: 0 after the client's `shutdown` and `exit`, 1 when the client exits without
    /// `shutdown` or closes the connection.
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Speak LSP over stdin and stdout (the default and only transport; accepted because
    /// VS Code's client passes it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Exit with status 1 when there are warnings, not just errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Also read every YAML file under this folder to resolve references, while reporting only
    /// on PATH. Use it when checking a few files of a larger repository (as the pre-commit hook
    /// does with `--project-root .`).
    #[arg(long, value_name = "DIR")]
    pub project_root: Option<PathBuf>,

    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when printing to a terminal and NO_COLOR is not set.
    Auto,
    /// Colour even when not printing to a terminal (CI logs that render ANSI colours).
    Always,
    /// Never colour.
    Never,
}
