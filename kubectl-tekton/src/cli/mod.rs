//! Command-line arguments, one module per command. Each doc comment is also the `--help`
//! text, so it is written for the person typing the command.
//!
//! kubectl passes nothing it parsed to a plugin (`kubectl -n x tekton` is refused), so the
//! connection flags kubectl users expect are ours ([`ConnectionArgs`]), accepted anywhere on
//! the line.

mod cancel;
mod completion;
mod create;
mod delete;
mod describe;
mod graph;
mod list;
mod logs;
mod rerun;
mod start;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::duration::GoDuration;
use crate::error::{Error, Result};
use crate::resource::RunKind;

pub use cancel::{CancelArgs, Graceful};
pub use completion::{CompletionArgs, Shell};
pub use create::CreateArgs;
pub use delete::DeleteArgs;
pub use describe::DescribeArgs;
pub use graph::{GraphArgs, GraphFormat, GraphKind};
pub use list::{ListArgs, ListFormat};
pub use logs::{LogFormat, LogsArgs};
pub use rerun::RerunArgs;
pub use start::{DefinitionKind, NewRunArgs, ParamArgs, StartArgs};

/// Start, list, describe, cancel, rerun and follow Tekton runs: a kubectl plugin.
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
    propagate_version = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  kubectl tekton start pipeline build -p revision=main -w name=src,claimName=src-pvc
  kubectl tekton start -f task.yaml --dry-run        # check and print, no cluster needed
  kubectl tekton list pr --limit 10                  # one small request, however many runs
  kubectl tekton describe pr --last
  kubectl tekton logs pr build-run-x7k2p -f
  kubectl tekton graph pipeline build -o dot | dot -Tsvg > build.svg
  kubectl tekton delete pr --all --keep 20 -y";

#[derive(Debug, Subcommand)]
pub enum Command {
    Start(StartArgs),
    Create(CreateArgs),
    List(ListArgs),
    Describe(DescribeArgs),
    Graph(GraphArgs),
    Cancel(CancelArgs),
    Delete(DeleteArgs),
    Rerun(RerunArgs),
    Logs(LogsArgs),
    Completion(CompletionArgs),
}

/// The one run `[KIND] NAME` words name, for commands that act on a single run.
pub fn one_run<'w>(command: &str, words: &'w [String]) -> Result<(Option<RunKind>, &'w String)> {
    match split_kind(words) {
        (kind, [name]) => Ok((kind, name)),
        _ => Err(Error::Usage(format!(
            "`{}` is not a run kind: write `{command} NAME` or `{command} pipelinerun|taskrun NAME`",
            words.first().map_or("", String::as_str)
        ))),
    }
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
