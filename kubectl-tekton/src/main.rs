//! Temporary entry point until the plugin's foundation lands.
mod cli;
mod commands;
mod duration;
mod logs;

use std::process::ExitCode;

use clap::Parser;

#[derive(Debug, Parser)]
struct Cli {
    #[arg(short = 'n', long, global = true)]
    namespace: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    Logs(cli::LogsArgs),
}

pub struct Cluster {
    pub client: kube::Client,
    pub namespace: String,
    pub version: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut config = kube::Config::infer().await.expect("config");
        config.headers.push((
            http::HeaderName::from_static("user-agent"),
            http::HeaderValue::from_static("kubectl-tekton/0.1.0"),
        ));
        let client = kube::Client::try_from(config).expect("client");
        let cluster = Cluster {
            client,
            namespace: cli.namespace.clone().unwrap_or("default".into()),
            version: "v1".into(),
        };
        let Command::Logs(args) = &cli.command;
        match commands::logs::run(args, &cluster).await {
            Ok(code) => ExitCode::from(code),
            Err(logs::Error::OutputClosed) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        }
    })
}
