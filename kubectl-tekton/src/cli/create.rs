use std::path::PathBuf;

use crate::output::ObjectFormat;

/// Create TaskRuns and PipelineRuns from files.
///
/// The files are linted first, exactly as `tekton-lsp check` lints them (their
/// .tekton-lsp.toml, references resolved across the files): when it finds errors they are
/// shown as `check` shows them and nothing is created. Files may hold several documents;
/// runs with generateName get their names from the API server. Prints the names created.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// A file of runs, or - for stdin. Repeat for several files.
    #[arg(short = 'f', long = "filename", value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Print the created runs in this format instead of their names.
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<ObjectFormat>,

    /// Follow the new run's logs until it ends, as `logs -f` does (the files must hold one
    /// run); the exit status is then the run's (0 succeeded, 1 failed, 2 cancelled or timed
    /// out).
    #[arg(long, conflicts_with = "output")]
    pub follow: bool,
}
