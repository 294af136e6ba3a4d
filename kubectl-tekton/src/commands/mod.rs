//! One module per command. Each takes its parsed arguments and the connection flags, connects
//! only if it needs the cluster, and prints on stdout; failures come back as [`crate::Error`].

pub mod cancel;
pub mod describe;
pub mod list;
pub mod start;

use crate::cli::{Cli, Command};
use crate::error::Result;

pub async fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Start(args) => start::run(args, &cli.connection).await,
        Command::List(args) => list::run(args, &cli.connection).await,
        Command::Describe(args) => describe::run(args, &cli.connection).await,
        Command::Cancel(args) => cancel::run(args, &cli.connection).await,
    }
}
