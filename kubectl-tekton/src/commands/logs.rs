//! `logs`: picks the run (named, or the newest with --last) and hands it to the log
//! engine ([`crate::logs`]).

use std::sync::Arc;

use k8s_openapi::jiff::Timestamp;
use kube::Api;
use kube::api::ListParams;

use crate::Cluster;
use crate::cli::{LogFormat, LogsArgs};
use crate::logs::runs::{PipelineRun, RunKind, TaskRun};
use crate::logs::{self, Context, Exit, Format, Selection, Style, Target, Window};

/// Runs `logs`; the exit status is the run's with -f or --exit-code.
pub async fn run(args: &LogsArgs, cluster: &Cluster) -> Result<u8, logs::Error> {
    let target = target(args, cluster).await?;
    let ctx = Context {
        client: cluster.client.clone(),
        namespace: cluster.namespace.clone(),
        version: cluster.version.clone(),
        window: Window {
            tail: args.tail.map(i64::from),
            since_seconds: args.since.as_ref().map(|d| logs::since_seconds(d.duration)),
        },
        selection: Arc::new(Selection {
            steps: args.steps.clone(),
            all: args.all,
        }),
        tasks: match target {
            // --task picked the TaskRun: it is not a filter too.
            Target::TaskRun(_) => Vec::new(),
            Target::PipelineRun(_) => args.tasks.clone(),
        },
    };
    let exit = logs::show(ctx, target, args.follow, style(args)).await?;
    Ok(match exit {
        Exit::Interrupted => exit.code(),
        _ if args.follow || args.exit_code => exit.code(),
        _ => 0,
    })
}

/// What the arguments name: `[KIND] NAME`, or the newest run with --last.
async fn target(args: &LogsArgs, cluster: &Cluster) -> Result<Target, logs::Error> {
    let (kind, name) = match args.run.as_slice() {
        [kind, name] => (Some(kind.as_str()), Some(name.clone())),
        [one] if run_kind(one).is_some() => (Some(one.as_str()), None),
        [name] => (None, Some(name.clone())),
        _ => (None, None),
    };
    let task_runs = match kind.map(run_kind) {
        Some(Some(task_runs)) => task_runs,
        Some(None) => {
            return Err(logs::Error::Usage(format!(
                "`{}` is not a kind of run: write `pipelinerun` (pr) or `taskrun` (tr) before the name",
                kind.unwrap_or_default()
            )));
        }
        // --last --task T picks a TaskRun of T.
        None => args.last && args.pipeline.is_none() && !args.tasks.is_empty(),
    };
    match (name, args.last) {
        (Some(_), true) => Err(logs::Error::Usage(
            "give either a run's name or --last, not both".to_owned(),
        )),
        (Some(name), false) if task_runs => Ok(Target::TaskRun(name)),
        (Some(name), false) => Ok(Target::PipelineRun(name)),
        (None, true) => newest(args, cluster, task_runs).await,
        (None, false) => Err(logs::Error::Usage(
            "name the run (`logs pipelinerun NAME` or `logs taskrun NAME`), or pass --last for the newest".to_owned(),
        )),
    }
}

/// Whether a KIND argument names TaskRuns (`Some(true)`) or PipelineRuns.
fn run_kind(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "pipelinerun" | "pipelineruns" | "pr" => Some(false),
        "taskrun" | "taskruns" | "tr" => Some(true),
        _ => None,
    }
}

/// The newest run of the kind asked, by creation time, reading only metadata.
async fn newest(
    args: &LogsArgs,
    cluster: &Cluster,
    task_runs: bool,
) -> Result<Target, logs::Error> {
    let mut params = ListParams::default().limit(500);
    let selector = match (&args.pipeline, args.tasks.first()) {
        (Some(pipeline), _) => Some(format!("{}={pipeline}", logs::label::PIPELINE)),
        (None, Some(task)) if task_runs => Some(format!("{}={task}", logs::label::TASK)),
        _ => None,
    };
    if let Some(selector) = &selector {
        params = params.labels(selector);
    }
    let (kind, newest) = if task_runs {
        ("TaskRun", newest_of::<TaskRun>(cluster, params).await?)
    } else {
        (
            "PipelineRun",
            newest_of::<PipelineRun>(cluster, params).await?,
        )
    };
    let Some(name) = newest else {
        let of = selector
            .map(|s| format!(" with label {s}"))
            .unwrap_or_default();
        return Err(logs::Error::Usage(format!(
            "there is no {kind}{of} in namespace `{}`",
            cluster.namespace
        )));
    };
    Ok(if task_runs {
        Target::TaskRun(name)
    } else {
        Target::PipelineRun(name)
    })
}

/// The name of the newest object listed, reading metadata only, page by page.
async fn newest_of<K>(
    cluster: &Cluster,
    mut params: ListParams,
) -> Result<Option<String>, logs::Error>
where
    K: kube::Resource<
            DynamicType = kube::core::ApiResource,
            Scope = kube::core::DynamicResourceScope,
        > + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug
        + RunKind,
{
    let api: Api<K> = Api::namespaced_with(
        cluster.client.clone(),
        &cluster.namespace,
        &K::resource(&cluster.version),
    );
    let mut newest: Option<(Option<Timestamp>, String)> = None;
    loop {
        let page = api
            .list_metadata(&params)
            .await
            .map_err(|e| logs::Error::api(&format!("list {}", K::PLURAL), e))?;
        for item in &page.items {
            let created = item.metadata.creation_timestamp.as_ref().map(|t| t.0);
            if newest.as_ref().is_none_or(|(time, _)| created > *time)
                && let Some(name) = &item.metadata.name
            {
                newest = Some((created, name.clone()));
            }
        }
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(token) => params = params.continue_token(&token),
            None => return Ok(newest.map(|(_, name)| name)),
        }
    }
}

fn style(args: &LogsArgs) -> Style {
    Style {
        format: match args.output {
            LogFormat::Text => Format::Text,
            LogFormat::Json => Format::Json,
        },
        prefix: args.prefix,
        timestamps: args.timestamps,
        colour: logs::colour_wanted(),
        status_line: logs::status_line_wanted(),
    }
}
