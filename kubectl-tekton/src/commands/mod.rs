//! One module per command. Each takes its parsed arguments and the connection flags, connects
//! only if it needs the cluster, and prints on stdout; failures come back as [`crate::Error`].

pub mod cancel;
pub mod complete;
pub mod completion;
pub mod create;
pub mod delete;
pub mod describe;
pub mod graph;
pub mod list;
pub mod logs;
pub mod rerun;
pub mod start;

use crate::cli::{Cli, Command};
use crate::error::Result;

/// Runs the command; the exit status on success is 0 except for commands that report a
/// run's own ending (`logs`, and `start`, `create` and `rerun` with `--follow`).
pub async fn run(cli: Cli) -> Result<u8> {
    match &cli.command {
        Command::Start(args) => start::run(args, &cli.connection).await,
        Command::Create(args) => create::run(args, &cli.connection).await,
        Command::List(args) => list::run(args, &cli.connection).await.map(|()| 0),
        Command::Describe(args) => describe::run(args, &cli.connection).await.map(|()| 0),
        Command::Graph(args) => graph::run(args, &cli.connection).await.map(|()| 0),
        Command::Cancel(args) => cancel::run(args, &cli.connection).await.map(|()| 0),
        Command::Delete(args) => delete::run(args, &cli.connection).await.map(|()| 0),
        Command::Rerun(args) => rerun::run(args, &cli.connection).await,
        Command::Completion(args) => completion::run(args).map(|()| 0),
        Command::Logs(args) => logs::run(args, &cli.connection).await,
    }
}
