use crate::duration::GoDuration;

/// Delete runs by name, or all of a kind but the newest or most recent.
///
/// `delete NAME...` deletes the runs named; `delete pr --all` every PipelineRun of the
/// namespace, but the N newest (--keep N) and those younger than --keep-since.
///
/// It asks before deleting unless -y is given; when stdin is not a terminal it refuses
/// instead of asking. A PipelineRun's TaskRuns go with it. With --all, runs that are still
/// running are kept unless --include-running is given.
#[derive(Debug, clap::Args)]
pub struct DeleteArgs {
    /// [KIND] NAME...: the runs to delete. Without KIND (pipelinerun/pr or taskrun/tr) each
    /// name is looked up as a PipelineRun first, then as a TaskRun. With --all, KIND alone.
    #[arg(value_name = "[KIND] NAME", required = true)]
    pub target: Vec<String>,

    /// Delete every run of KIND in the namespace (those --keep and --keep-since spare aside).
    #[arg(long)]
    pub all: bool,

    /// With --all: keep the N newest runs.
    #[arg(long, value_name = "N", requires = "all")]
    pub keep: Option<usize>,

    /// With --all: keep runs created less than this long ago (e.g. 2h, 72h).
    #[arg(long, value_name = "DURATION", requires = "all")]
    pub keep_since: Option<GoDuration>,

    /// With --all: only runs whose labels match this selector.
    #[arg(
        short = 'l',
        long = "selector",
        value_name = "SELECTOR",
        requires = "all"
    )]
    pub selector: Option<String>,

    /// With --all: delete runs that are still running too.
    #[arg(long, requires = "all")]
    pub include_running: bool,

    /// Delete without asking.
    #[arg(short = 'y', long)]
    pub yes: bool,
}
