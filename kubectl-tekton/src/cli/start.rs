use std::path::PathBuf;

use crate::duration::GoDuration;
use crate::output::ObjectFormat;

/// Start a Task or Pipeline: create a TaskRun or PipelineRun.
///
/// `start task NAME` and `start pipeline NAME` run one from the cluster; `start -f FILE` runs
/// the Task or Pipeline in a local file, embedding its spec in the run, so nothing has to be
/// applied first (and with --dry-run no cluster is needed at all).
///
/// Before anything is created, the params and workspaces are checked against the Task or
/// Pipeline with the linter's rules: a required param missing, an unknown param, a value of
/// the wrong type or outside the param's enum, a required workspace not bound. Each problem is
/// reported with its fix and nothing is created. On a terminal, values that are missing are
/// asked for; otherwise never.
#[derive(Debug, clap::Args)]
pub struct StartArgs {
    /// task (t) or pipeline (p), from the cluster.
    #[arg(value_enum, requires = "definition", required_unless_present = "file")]
    pub kind: Option<DefinitionKind>,

    /// The Task's or Pipeline's name.
    #[arg(id = "definition", value_name = "NAME")]
    pub name: Option<String>,

    /// A file with the Task or Pipeline to run (a Pipeline when it holds both).
    #[arg(short = 'f', long, value_name = "FILE", conflicts_with = "kind")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub params: ParamArgs,

    /// Take the default of every param that has one, and ask (on a terminal) only for those
    /// without.
    #[arg(long)]
    pub use_param_defaults: bool,

    /// Bind a workspace: name=NAME,claimName=PVC[,subPath=DIR] | name=NAME,emptyDir=[Memory]
    /// | name=NAME,config=CONFIGMAP[,item=KEY=PATH] | name=NAME,secret=SECRET[,item=KEY=PATH]
    /// | name=NAME,volumeClaimTemplateFile=FILE. Repeat for each workspace.
    #[arg(short = 'w', long = "workspace", value_name = "SPEC")]
    pub workspaces: Vec<String>,

    /// The service account the run's pods use.
    #[arg(short = 's', long = "serviceaccount", value_name = "NAME")]
    pub service_account: Option<String>,

    /// How long the run may take before Tekton fails it (e.g. 30m, 1h30m).
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<GoDuration>,

    #[command(flatten)]
    pub new_run: NewRunArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DefinitionKind {
    #[value(name = "task", aliases = ["tasks", "t"])]
    Task,
    #[value(name = "pipeline", aliases = ["pipelines", "p"])]
    Pipeline,
}

/// Param values, for `start` and `rerun`.
#[derive(Debug, Default, clap::Args)]
pub struct ParamArgs {
    /// A param value: NAME=VALUE. An array param takes VALUE as a,b,c; an object param as
    /// key:value,key2:value2. Repeat for each param.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// A YAML or JSON file of param values: a mapping from name to value (a string, a list or
    /// a mapping). -p wins over it.
    #[arg(long, value_name = "FILE")]
    pub param_file: Option<PathBuf>,
}

/// How a new run is named, labelled and created, for `start` and `rerun`.
#[derive(Debug, Default, clap::Args)]
pub struct NewRunArgs {
    /// Name the run exactly this.
    #[arg(long, value_name = "NAME", conflicts_with = "generate_name")]
    pub name: Option<String>,

    /// The run's name prefix; the API server adds five random characters.
    #[arg(long, value_name = "PREFIX")]
    pub generate_name: Option<String>,

    /// A label for the run: KEY=VALUE. Repeat for each label.
    #[arg(short = 'l', long = "label", value_name = "KEY=VALUE")]
    pub labels: Vec<String>,

    /// Check and print the run instead of creating it.
    #[arg(long)]
    pub dry_run: bool,

    /// Print the run (after --dry-run, or as created) in this format; YAML by default with
    /// --dry-run.
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<ObjectFormat>,

    /// Follow the new run's logs until it ends, as `logs -f` does; the exit status is then
    /// the run's (0 succeeded, 1 failed, 2 cancelled or timed out).
    #[arg(long, conflicts_with_all = ["dry_run", "output"])]
    pub follow: bool,
}
