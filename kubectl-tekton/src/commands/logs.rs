//! `logs`: finds the run (by name, or the newest with --last) and hands it to the log
//! engine ([`crate::logs`]).

use std::sync::Arc;

use kube::api::DynamicObject;

use crate::cli::{ConnectionArgs, LogFormat, LogsArgs, split_kind};
use crate::cluster::Cluster;
use crate::error::{Error, Result};
use crate::logs::{self, Context, Exit, Format, Selection, Style, Target, Window};
use crate::lookup;
use crate::resource::{Kind, RunKind};

/// Runs `logs`; the exit status is the run's with -f or --exit-code.
pub async fn run(args: &LogsArgs, connection: &ConnectionArgs) -> Result<u8> {
    let cluster = Cluster::connect(connection).await?;
    let target = target(args, &cluster).await?;
    follow_or_show(&cluster, target, args.follow, &args.into()).await
}

/// What `logs` shows besides the run: also what `--follow` on start, create and rerun uses.
#[derive(Clone, Debug, Default)]
pub struct Shown {
    pub window: Window,
    pub selection: Selection,
    pub tasks: Vec<String>,
    pub style: Option<Style>,
    pub exit_code: bool,
}

impl From<&LogsArgs> for Shown {
    fn from(args: &LogsArgs) -> Self {
        Shown {
            window: Window {
                tail: args.tail.map(i64::from),
                since_seconds: args.since.as_ref().map(|d| logs::since_seconds(d.duration)),
            },
            selection: Selection {
                steps: args.steps.clone(),
                all: args.all,
            },
            tasks: args.tasks.clone(),
            style: Some(Style {
                format: match args.output {
                    LogFormat::Text => Format::Text,
                    LogFormat::Json => Format::Json,
                },
                prefix: args.prefix,
                timestamps: args.timestamps,
                colour: logs::colour_wanted(),
                status_line: logs::status_line_wanted(),
            }),
            exit_code: args.exit_code,
        }
    }
}

/// Shows (or with `follow`, follows) `run`, a PipelineRun or TaskRun as read from the
/// cluster; the exit status is the run's when following or when `shown.exit_code`.
pub async fn follow_or_show(
    cluster: &Cluster,
    run: (Kind, DynamicObject),
    follow: bool,
    shown: &Shown,
) -> Result<u8> {
    let (kind, object) = run;
    let target = match kind {
        Kind::TaskRun => Target::TaskRun(logs::runs::from_dynamic(&object)?),
        _ => Target::PipelineRun(logs::runs::from_dynamic(&object)?),
    };
    let ctx = Context {
        client: cluster.client(),
        namespace: cluster.namespace().to_owned(),
        server: cluster.server().to_owned(),
        version: cluster.tekton_version().await?,
        window: shown.window,
        selection: Arc::new(shown.selection.clone()),
        // --task picked the TaskRun: it is no filter then.
        tasks: match kind {
            Kind::TaskRun => Vec::new(),
            _ => shown.tasks.clone(),
        },
    };
    let style = shown.style.unwrap_or(Style {
        format: Format::Text,
        prefix: true,
        timestamps: false,
        colour: logs::colour_wanted(),
        status_line: logs::status_line_wanted(),
    });
    let exit = logs::show(ctx, target, follow, style).await?;
    Ok(match exit {
        Exit::Interrupted => exit.code(),
        _ if follow || shown.exit_code => exit.code(),
        _ => 0,
    })
}

/// The run the arguments name: `[KIND] NAME`, or the newest with --last.
async fn target(args: &LogsArgs, cluster: &Cluster) -> Result<(Kind, DynamicObject)> {
    let (kind, names) = split_kind(&args.run);
    let (kind, name) = match (kind, names) {
        (kind, [name]) => match (kind, RunKind::parse_word(name)) {
            // `logs taskrun --last`: a kind alone.
            (None, Some(kind)) if args.last => (Some(kind), None),
            _ => (kind, Some(name.as_str())),
        },
        (kind, []) => (kind, None),
        _ => {
            return Err(Error::Usage(
                "give one run: `logs [pipelinerun|taskrun] NAME`, or --last".to_owned(),
            ));
        }
    };
    match (name, args.last) {
        (Some(_), true) => Err(Error::Usage(
            "give either a run's name or --last, not both".to_owned(),
        )),
        (Some(name), false) => lookup::run(cluster, kind, name).await,
        (None, true) => {
            // --last --task T (without --pipeline): the newest TaskRun of Task T.
            let task_runs = kind == Some(RunKind::TaskRun)
                || (kind.is_none() && args.pipeline.is_none() && !args.tasks.is_empty());
            let selector = match (&args.pipeline, args.tasks.first()) {
                (Some(pipeline), _) => Some(format!("{}={pipeline}", logs::label::PIPELINE)),
                (None, Some(task)) if task_runs => Some(format!("{}={task}", logs::label::TASK)),
                _ => None,
            };
            let kind = if task_runs {
                Kind::TaskRun
            } else {
                Kind::PipelineRun
            };
            let run = lookup::newest(cluster, kind, selector.as_deref()).await?;
            Ok((kind, run))
        }
        (None, false) => Err(Error::Usage(
            "name the run (`logs pipelinerun NAME` or `logs taskrun NAME`), or pass --last for the newest".to_owned(),
        )),
    }
}
