use std::path::PathBuf;

/// Draw a pipeline's task graph as Mermaid (default) or Graphviz DOT.
///
/// Edges go from a task to the tasks that run after it: solid for `runAfter`, dashed for a
/// result reference ($(tasks.X.results.Y)). Finally tasks are drawn apart. For a
/// PipelineRun, each task is coloured and labelled with its status (matrix tasks by their
/// TaskRuns together). The graph is the one the linter builds.
///
/// Paste Mermaid into a Markdown ```mermaid block; render DOT with `dot -Tsvg`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// pipeline (p) or pipelinerun (pr), from the cluster.
    #[arg(value_enum, requires = "graph_name", required_unless_present = "file")]
    pub kind: Option<GraphKind>,

    /// The Pipeline's or PipelineRun's name.
    #[arg(id = "graph_name", value_name = "NAME")]
    pub name: Option<String>,

    /// A file with the Pipeline to draw (no cluster needed).
    #[arg(short = 'f', long, value_name = "FILE", conflicts_with = "kind")]
    pub file: Option<PathBuf>,

    /// mermaid or dot.
    #[arg(
        short = 'o',
        long,
        value_enum,
        default_value = "mermaid",
        value_name = "FORMAT"
    )]
    pub output: GraphFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphKind {
    #[value(name = "pipeline", aliases = ["pipelines", "p"])]
    Pipeline,
    #[value(name = "pipelinerun", aliases = ["pipelineruns", "pr"])]
    PipelineRun,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}
