use crate::output::ObjectFormat;
use crate::resource::RunKind;

/// Describe a run: its status, inputs, results, tasks or steps, and failures.
///
/// Status and reason, start and duration, timeout, service account, params, results and
/// workspaces; then, for a PipelineRun, one row per TaskRun (status, attempts, start,
/// duration; matrix children numbered), the skipped tasks with why, and each failed TaskRun's
/// message; for a TaskRun, its pod and one row per step (status, exit code, duration).
#[derive(Debug, clap::Args)]
pub struct DescribeArgs {
    /// pipelinerun (pr) or taskrun (tr).
    #[arg(value_enum)]
    pub kind: RunKind,

    /// The run's name; leave it out with --last.
    #[arg(required_unless_present = "last")]
    pub name: Option<String>,

    /// Describe the newest run of the namespace (of --pipeline or --task, when given).
    #[arg(short = 'L', long, conflicts_with = "name")]
    pub last: bool,

    /// With --last: the newest run of this Pipeline.
    #[arg(long, value_name = "NAME", requires = "last")]
    pub pipeline: Option<String>,

    /// With --last: the newest TaskRun of this Task.
    #[arg(long, value_name = "NAME", requires = "last")]
    pub task: Option<String>,

    /// Print the run itself as JSON or YAML instead.
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<ObjectFormat>,
}
