use super::{NewRunArgs, ParamArgs};

/// Start a new run like an earlier one, optionally with other params.
///
/// The new run has the earlier one's Task or Pipeline (by reference, or the embedded spec),
/// params, workspaces, service account and timeouts; -p changes params.
///
/// The params are checked against the Task or Pipeline before anything is created, as with
/// `start`.
#[derive(Debug, clap::Args)]
pub struct RerunArgs {
    /// [KIND] NAME: the earlier run. Without KIND (pipelinerun/pr or taskrun/tr) a
    /// PipelineRun of that name is looked for first, then a TaskRun.
    #[arg(value_name = "[KIND] NAME", num_args = 1..=2, required = true)]
    pub target: Vec<String>,

    #[command(flatten)]
    pub params: ParamArgs,

    #[command(flatten)]
    pub new_run: NewRunArgs,
}
