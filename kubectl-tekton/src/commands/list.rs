//! `list`: runs, Pipelines or Tasks as a table (or JSON, YAML, names), newest first.
//!
//! Paging: with `--limit N` the API server is asked for N objects (`limit=N`, following
//! `continue` only while a label selector leaves a page short) and nothing else is fetched.
//! The server returns objects in key (name) order and cannot sort by time, so the N rows are
//! the first N names, sorted newest first among themselves, and a note on stderr says how
//! many more there are. Without `--limit` every object is read in pages of
//! [`PAGE_SIZE`] and all of them are sorted, newest first. We chose this over fetching
//! everything to cut on the client (what tkn does) because a limited list then costs one
//! small request however many runs the namespace holds.

use std::io::{self, IsTerminal, Write};

use futures::{StreamExt, TryStreamExt};
use k8s_openapi::jiff::Timestamp;
use kube::api::{DynamicObject, ListParams, WatchEvent, WatchParams};

use crate::cli::{ConnectionArgs, ListArgs, ListFormat};
use crate::cluster::{Cluster, PAGE_SIZE};
use crate::error::{Error, Result};
use crate::output::list::View;
use crate::output::{self, ObjectFormat};
use crate::resource::Kind;
use crate::run::RunInfo;

pub async fn run(args: &ListArgs, connection: &ConnectionArgs) -> Result<()> {
    let kind = Kind::from(args.kind);
    let selector = selector(args, kind)?;
    let cluster = Cluster::connect(connection).await?;
    let namespace = (!args.all_namespaces).then(|| cluster.namespace().to_owned());

    let mut params = ListParams::default();
    if let Some(selector) = &selector {
        params = params.labels(selector);
    }
    let wanted = args.limit.filter(|&n| n > 0);
    params = params.limit(wanted.unwrap_or(PAGE_SIZE).min(PAGE_SIZE));
    let mut objects: Vec<DynamicObject> = Vec::new();
    let mut remaining = None;
    let mut more = false;
    let mut widths = Vec::new();
    let resource_version = cluster
        .list_pages(kind, namespace.as_deref(), params, |page, left| {
            objects.extend(page);
            remaining = left;
            more = wanted.is_some_and(|n| objects.len() < n as usize);
            wanted.is_none() || more
        })
        .await?;
    if let Some(n) = wanted {
        objects.truncate(n as usize);
    }
    sort_newest_first(&mut objects);

    let now = Timestamp::now();
    let view = View {
        kind,
        all_namespaces: args.all_namespaces,
        wide: args.output == Some(ListFormat::Wide),
    };
    let mut out = io::stdout().lock();
    match object_format(args.output) {
        Some(format) => output::write_objects(&mut out, format, kind, &objects)?,
        None if objects.is_empty() && !args.watch => {
            let place = match &namespace {
                Some(ns) => format!("in namespace `{ns}`"),
                None => "in any namespace".to_owned(),
            };
            eprintln!("No {}s found {place}.", kind.name());
        }
        None => {
            let mut table = view.table();
            for object in &objects {
                table.row(view.row(object, now));
            }
            table.write(&mut out, !args.no_headers)?;
            widths = table.widths(!args.no_headers);
        }
    }
    out.flush()?;
    if let (Some(n), Some(left)) = (wanted, remaining.filter(|&left| left > 0))
        && object_format(args.output).is_none()
        && io::stderr().is_terminal()
    {
        eprintln!(
            "Showing {n} {}s, the first by name, newest first; {left} more: drop --limit to see them all.",
            kind.name()
        );
    }
    if args.watch {
        let watched = Watched {
            view: &view,
            format: object_format(args.output),
            widths,
        };
        watch(&cluster, &watched, selector, namespace, resource_version).await?;
    }
    Ok(())
}

/// `-l`, `--pipeline` and `--task` as one label selector.
fn selector(args: &ListArgs, kind: Kind) -> Result<Option<String>> {
    let mut parts: Vec<String> = args.selector.iter().cloned().collect();
    if let Some(pipeline) = &args.pipeline {
        if !kind.is_run() {
            return Err(Error::Usage(
                "--pipeline filters runs: use it with `list pipelineruns` or `list taskruns`"
                    .to_owned(),
            ));
        }
        parts.push(format!("tekton.dev/pipeline={pipeline}"));
    }
    if let Some(task) = &args.task {
        if kind != Kind::TaskRun {
            return Err(Error::Usage(
                "--task filters TaskRuns: use it with `list taskruns`".to_owned(),
            ));
        }
        parts.push(format!("tekton.dev/task={task}"));
    }
    Ok((!parts.is_empty()).then(|| parts.join(",")))
}

fn object_format(format: Option<ListFormat>) -> Option<ObjectFormat> {
    match format? {
        ListFormat::Json => Some(ObjectFormat::Json),
        ListFormat::Yaml => Some(ObjectFormat::Yaml),
        ListFormat::Name => Some(ObjectFormat::Name),
        ListFormat::Wide => None,
    }
}

/// Newest first: by start time (creation time for what has not started), then by name.
pub fn sort_newest_first(objects: &mut [DynamicObject]) {
    objects.sort_by(|a, b| {
        let (a, b) = (RunInfo::new(a), RunInfo::new(b));
        b.sort_time()
            .cmp(&a.sort_time())
            .then_with(|| a.namespace().cmp(b.namespace()))
            .then_with(|| a.name().cmp(b.name()))
    });
}

/// How `--watch` prints each change: a row lined up with the table above, or a document.
struct Watched<'a> {
    view: &'a View,
    format: Option<ObjectFormat>,
    widths: Vec<usize>,
}

/// `--watch`: prints each object again when it changes (one row, or one document), from the
/// version the list ended at, until interrupted.
async fn watch(
    cluster: &Cluster,
    watched: &Watched<'_>,
    selector: Option<String>,
    namespace: Option<String>,
    resource_version: Option<String>,
) -> Result<()> {
    let kind = watched.view.kind;
    let api = cluster.api(kind, namespace.as_deref()).await?;
    let action = crate::error::Action::new("watch", kind, namespace.as_deref());
    let mut params = WatchParams::default();
    if let Some(selector) = &selector {
        params = params.labels(selector);
    }
    let mut version = resource_version.unwrap_or_else(|| "0".to_owned());
    loop {
        let mut events = api
            .watch(&params, &version)
            .await
            .map_err(cluster.fail(action.clone()))?
            .map_err(cluster.fail(action.clone()))
            .boxed();
        while let Some(event) = events.try_next().await? {
            let object = match event {
                WatchEvent::Added(o) | WatchEvent::Modified(o) => o,
                WatchEvent::Deleted(o) => {
                    version = o.metadata.resource_version.clone().unwrap_or(version);
                    continue;
                }
                WatchEvent::Bookmark(b) => {
                    version = b.metadata.resource_version;
                    continue;
                }
                WatchEvent::Error(e) if e.code == 410 => {
                    return Err(Error::Failed(
                        "the watch fell too far behind the API server (410 Gone): run the command again".to_owned(),
                    ));
                }
                WatchEvent::Error(e) => {
                    return Err(cluster.fail(action.clone())(kube::Error::Api(e)));
                }
            };
            version = object.metadata.resource_version.clone().unwrap_or(version);
            let mut out = io::stdout().lock();
            match watched.format {
                Some(format) => output::write_objects(&mut out, format, kind, &[object])?,
                None => {
                    let mut table = watched.view.table().with_min_widths(watched.widths.clone());
                    table.row(watched.view.row(&object, Timestamp::now()));
                    table.write(&mut out, false)?;
                }
            }
            out.flush()?;
        }
    }
}
