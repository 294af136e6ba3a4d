//! The Tekton kinds the plugin works with: their names on the command line (with tkn's
//! aliases) and in the API, for whichever version the cluster serves.

use kube::core::{ApiResource, GroupVersionKind};

pub const GROUP: &str = "tekton.dev";

/// A version of the `tekton.dev` API. The plugin reads and writes both; the cluster decides
/// which one through discovery ([`crate::cluster::Cluster::tekton_version`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiVersion {
    V1,
    V1beta1,
}

impl ApiVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::V1beta1 => "v1beta1",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    TaskRun,
    PipelineRun,
    Task,
    Pipeline,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::TaskRun => "TaskRun",
            Kind::PipelineRun => "PipelineRun",
            Kind::Task => "Task",
            Kind::Pipeline => "Pipeline",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::TaskRun => "taskruns",
            Kind::PipelineRun => "pipelineruns",
            Kind::Task => "tasks",
            Kind::Pipeline => "pipelines",
        }
    }

    /// How kubectl's `-o name` writes the kind: `pipelinerun.tekton.dev`.
    pub fn qualified(self) -> String {
        format!("{}.{GROUP}", self.name().to_ascii_lowercase())
    }

    pub fn is_run(self) -> bool {
        matches!(self, Kind::TaskRun | Kind::PipelineRun)
    }

    pub fn api_resource(self, version: ApiVersion) -> ApiResource {
        let gvk = GroupVersionKind::gvk(GROUP, version.as_str(), self.name());
        ApiResource::from_gvk_with_plural(&gvk, self.plural())
    }
}

/// A kind of run, as commands that act on runs take it: `pipelinerun` (`pr`) or `taskrun`
/// (`tr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RunKind {
    #[value(name = "pipelinerun", aliases = ["pipelineruns", "pr"])]
    PipelineRun,
    #[value(name = "taskrun", aliases = ["taskruns", "tr"])]
    TaskRun,
}

impl From<RunKind> for Kind {
    fn from(kind: RunKind) -> Kind {
        match kind {
            RunKind::PipelineRun => Kind::PipelineRun,
            RunKind::TaskRun => Kind::TaskRun,
        }
    }
}

impl RunKind {
    /// The run kind a word names (`pr`, `taskrun`, ...), for commands whose kind is an
    /// optional first word before the names.
    pub fn parse_word(word: &str) -> Option<RunKind> {
        <RunKind as clap::ValueEnum>::from_str(word, false).ok()
    }
}

/// What `list` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListKind {
    #[value(name = "pipelineruns", aliases = ["pipelinerun", "pr"])]
    PipelineRuns,
    #[value(name = "taskruns", aliases = ["taskrun", "tr"])]
    TaskRuns,
    #[value(name = "pipelines", aliases = ["pipeline", "p"])]
    Pipelines,
    #[value(name = "tasks", aliases = ["task", "t"])]
    Tasks,
}

impl From<ListKind> for Kind {
    fn from(kind: ListKind) -> Kind {
        match kind {
            ListKind::PipelineRuns => Kind::PipelineRun,
            ListKind::TaskRuns => Kind::TaskRun,
            ListKind::Pipelines => Kind::Pipeline,
            ListKind::Tasks => Kind::Task,
        }
    }
}
