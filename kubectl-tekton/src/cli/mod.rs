//! Command-line arguments, one module per command. Each doc comment is also the `--help`
//! text, so it is written for the person typing the command.
//!
//! kubectl passes nothing it parsed to a plugin (`kubectl -n x tekton` is refused), so the
//! connection flags kubectl users expect are ours ([`ConnectionArgs`]), accepted anywhere on
//! the line.

mod cancel;
mod describe;
mod list;
mod logs;
mod start;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::duration::GoDuration;
use crate::resource::RunKind;

pub use cancel::{CancelArgs, Graceful};
pub use describe::DescribeArgs;
pub use list::{ListArgs, ListFormat};
pub use logs::{LogFormat, LogsArgs};
pub use start::{DefinitionKind, NewRunArgs, ParamArgs, StartArgs};

/// Start, list, describe and cancel Tekton runs: a kubectl plugin (`kubectl tekton ...`).
///
/// Connection flags work as kubectl's: --kubeconfig, KUBECONFIG (several files are merged),
/// --context, -n/--namespace; the current context and its namespace are the defaults.
///
/// Exit status: 0 success, 1 the operation failed, 2 bad usage.
#[derive(Debug, Parser)]
#[command(
    name = "kubectl-tekton",
    bin_name = "kubectl tekton",
    version,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Start(StartArgs),
    List(ListArgs),
    Describe(DescribeArgs),
    Cancel(CancelArgs),
    Logs(LogsArgs),
}

/// Splits `[KIND] NAME...` words: the first is a run kind when it names one and more words
/// follow (so a run named `pr` is still reachable as `pr pr`).
pub fn split_kind(words: &[String]) -> (Option<RunKind>, &[String]) {
    match words {
        [first, rest @ ..] if !rest.is_empty() => match RunKind::parse_word(first) {
            Some(kind) => (Some(kind), rest),
            None => (None, words),
        },
        _ => (None, words),
    }
}

/// How to reach the cluster, as kubectl's flags of the same names.
#[derive(Debug, Default, Clone, clap::Args)]
#[command(next_help_heading = "Connection")]
pub struct ConnectionArgs {
    /// The kubeconfig file to use (instead of KUBECONFIG or ~/.kube/config).
    #[arg(long, global = true, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use (instead of its current context).
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// The kubeconfig cluster to use (instead of the context's).
    #[arg(long, global = true, value_name = "NAME")]
    pub cluster: Option<String>,

    /// The kubeconfig user to use (instead of the context's).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// The namespace to work in (instead of the context's, or `default`).
    #[arg(short = 'n', long, global = true, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// Give up on connecting or on a silent server after this long (e.g. 10s, 1m).
    #[arg(long, global = true, value_name = "DURATION")]
    pub request_timeout: Option<GoDuration>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
