/// Cancel a running PipelineRun or TaskRun.
///
/// The run's spec.status is set as Tekton expects: Cancelled for a PipelineRun (its running
/// tasks stop and finally tasks are skipped), TaskRunCancelled for a TaskRun. A run that has
/// already finished is refused.
#[derive(Debug, clap::Args)]
pub struct CancelArgs {
    /// [KIND] NAME: the run to cancel. Without KIND (pipelinerun/pr or taskrun/tr), a
    /// PipelineRun of that name is looked for first, then a TaskRun.
    #[arg(value_name = "[KIND] NAME", num_args = 1..=2, required = true)]
    pub target: Vec<String>,

    /// Let the finally tasks run (PipelineRuns only): `--graceful` cancels the running tasks
    /// then runs finally (CancelledRunFinally); `--graceful=stop` starts no new task, lets the
    /// running ones finish, then runs finally (StoppedRunFinally).
    #[arg(long, value_enum, value_name = "HOW", num_args = 0..=1, require_equals = true, default_missing_value = "cancel")]
    pub graceful: Option<Graceful>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Graceful {
    /// Cancel running tasks, then run finally (CancelledRunFinally).
    Cancel,
    /// Finish running tasks, start no new ones, then run finally (StoppedRunFinally).
    Stop,
}
