use crate::resource::ListKind;

/// List runs, Pipelines or Tasks, newest first.
///
/// Runs show NAME, STARTED, DURATION and STATUS (with the reason when it adds something, e.g.
/// Failed(PipelineRunTimeout)); -A adds NAMESPACE.
///
/// --limit N asks the API server for N objects (limit/continue paging) instead of fetching
/// everything: the server returns them in name order, so they are the first N by name, shown
/// newest first, not the N newest of the namespace. Without --limit every object is read, a
/// page of 500 at a time, and the newest come first.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// What to list: pipelineruns (pr), taskruns (tr), pipelines (p) or tasks (t).
    #[arg(value_enum)]
    pub kind: ListKind,

    /// List across all namespaces (adds a NAMESPACE column).
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    /// Ask the server for at most N objects (see above).
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,

    /// Only objects whose labels match this selector (e.g. app=web,tier!=db).
    #[arg(
        short = 'l',
        long = "selector",
        visible_alias = "label",
        value_name = "SELECTOR"
    )]
    pub selector: Option<String>,

    /// Only runs of this Pipeline (its tekton.dev/pipeline label).
    #[arg(long, value_name = "NAME")]
    pub pipeline: Option<String>,

    /// Only TaskRuns of this Task (its tekton.dev/task label).
    #[arg(long, value_name = "NAME")]
    pub task: Option<String>,

    /// Output format instead of the table.
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<ListFormat>,

    /// After listing, keep printing objects as they change, until interrupted.
    #[arg(short = 'w', long)]
    pub watch: bool,

    /// Leave out the header line of the table.
    #[arg(long)]
    pub no_headers: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Json,
    Yaml,
    /// kind.group/name, one per line.
    Name,
    /// The table with more columns: what each run runs, the params of each Task or Pipeline.
    Wide,
}
