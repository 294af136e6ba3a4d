/// Show the logs of a PipelineRun or TaskRun: each step in step order, each task in the
/// pipeline's order, every line prefixed `[task : step]`.
///
/// With -f it follows the run live, through tasks that start later, parallel tasks (whole
/// lines, never mixed), retries (each attempt labelled), finally tasks, matrix fan-outs
/// and child PipelineRuns, and resumes without losing or repeating a line when the API
/// server or the connection breaks. Skipped tasks and custom runs get a line saying why
/// they have no log.
///
/// A one-line summary ends the output (on stderr). With -f or --exit-code the exit status
/// is the run's: 0 succeeded, 1 failed (or a step cannot start, e.g. its image cannot be
/// pulled), 2 cancelled or timed out. Ctrl-C stops and says where each log stopped.
#[derive(Debug, clap::Args)]
pub struct LogsArgs {
    /// `pipelinerun` (`pr`) or `taskrun` (`tr`), then the run's name. A name alone is a
    /// PipelineRun's.
    #[arg(value_name = "KIND NAME", num_args = 0..=2)]
    pub run: Vec<String>,

    /// The newest run instead of a named one: the newest PipelineRun, or of the Pipeline
    /// given with --pipeline; with `taskrun`, or with --task and no --pipeline, the newest
    /// TaskRun (of that Task).
    #[arg(short = 'L', long)]
    pub last: bool,

    /// With --last: the newest run of this Pipeline.
    #[arg(short = 'p', long, value_name = "NAME", requires = "last")]
    pub pipeline: Option<String>,

    /// Only these pipeline tasks (repeat the flag for several). A task of a child
    /// PipelineRun is `outer/inner` (or just `inner`); `outer` alone shows all of them.
    /// With --last and no --pipeline: the newest TaskRun of this Task instead.
    #[arg(short = 't', long = "task", value_name = "NAME")]
    pub tasks: Vec<String>,

    /// Only these steps (repeat the flag for several).
    #[arg(short = 's', long = "step", value_name = "NAME")]
    pub steps: Vec<String>,

    /// Follow the run until it ends.
    #[arg(short = 'f', long)]
    pub follow: bool,

    /// Print each line's time (RFC 3339, as the kubelet recorded it) after the prefix.
    #[arg(long)]
    pub timestamps: bool,

    /// Only the last N lines of each step.
    #[arg(long, value_name = "N")]
    pub tail: Option<u32>,

    /// Only lines newer than this (e.g. 30s, 5m, 1h).
    #[arg(long, value_name = "DURATION")]
    pub since: Option<crate::duration::GoDuration>,

    /// Also show init containers and sidecars.
    #[arg(short = 'a', long)]
    pub all: bool,

    /// Prefix each line with `[task : step]`; --prefix=false prints the bare lines.
    #[arg(long, default_value_t = true, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub prefix: bool,

    /// `text`, or `json`: one object per line, {"task","step","attempt","time","line"}
    /// (plus "matrix" for a fanned-out task, and "encoding":"base64" when the line's bytes
    /// are not UTF-8).
    #[arg(
        short = 'o',
        long,
        value_enum,
        default_value = "text",
        value_name = "FORMAT"
    )]
    pub output: LogFormat,

    /// Exit with the run's status (0 succeeded, 1 failed, 2 cancelled or timed out) even
    /// without -f.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}
