//! `delete`: runs by name (each looked up first, so a typo deletes nothing), or every run of a
//! kind but the kept ones. Asks first on a terminal, refuses without one unless `-y`;
//! deletes in parallel, a PipelineRun's TaskRuns with it (background propagation).

use futures::{StreamExt, stream};
use k8s_openapi::jiff::Timestamp;
use kube::api::{DeleteParams, DynamicObject, ListParams};

use crate::cli::{ConnectionArgs, DeleteArgs, split_kind};
use crate::cluster::{Cluster, PAGE_SIZE};
use crate::commands::list::sort_newest_first;
use crate::error::{Error, Result};
use crate::lookup;
use crate::prompt;
use crate::resource::{Kind, RunKind};
use crate::run::{RunInfo, between};

/// Deletions in flight at once.
const PARALLEL: usize = 8;

pub async fn run(args: &DeleteArgs, connection: &ConnectionArgs) -> Result<()> {
    let cluster = Cluster::connect(connection).await?;
    let victims = if args.all {
        let kind = match args.target.as_slice() {
            [word] => RunKind::parse_word(word),
            _ => None,
        }
        .ok_or_else(|| {
            Error::Usage(
                "with --all, give the kind alone: `delete pipelinerun --all` or `delete taskrun --all`"
                    .to_owned(),
            )
        })?;
        every_but_kept(&cluster, Kind::from(kind), args).await?
    } else {
        let (kind, names) = split_kind(&args.target);
        let mut found = Vec::new();
        for name in names {
            let (kind, _) = lookup::run(&cluster, kind, name).await?;
            found.push((kind, name.clone()));
        }
        found
    };
    if victims.is_empty() {
        eprintln!("Nothing to delete in namespace `{}`.", cluster.namespace());
        return Ok(());
    }
    if !confirmed(args.yes, &victims, cluster.namespace())? {
        eprintln!("Nothing deleted.");
        return Ok(());
    }
    delete_all(&cluster, victims).await
}

/// With `--all`: every run of `kind` (matching `-l`) except the `--keep` newest, those newer
/// than `--keep-since`, and, without `--include-running`, those still running.
async fn every_but_kept(
    cluster: &Cluster,
    kind: Kind,
    args: &DeleteArgs,
) -> Result<Vec<(Kind, String)>> {
    let mut params = ListParams::default().limit(PAGE_SIZE);
    if let Some(selector) = &args.selector {
        params = params.labels(selector);
    }
    let mut runs: Vec<DynamicObject> = Vec::new();
    cluster
        .list_pages(kind, Some(cluster.namespace()), params, |page, _| {
            runs.extend(page);
            true
        })
        .await?;
    sort_newest_first(&mut runs);
    let now = Timestamp::now();
    let recent = |run: &RunInfo<'_>| {
        args.keep_since.as_ref().is_some_and(|since| {
            run.created()
                .is_some_and(|created| between(created, now) < since.duration)
        })
    };
    let mut running = 0;
    let mut victims = Vec::new();
    for (index, run) in runs.iter().enumerate() {
        let run = RunInfo::new(run);
        if args.keep.is_some_and(|keep| index < keep) || recent(&run) {
            continue;
        }
        if !args.include_running && !run.state().phase.is_done() {
            running += 1;
            continue;
        }
        victims.push((kind, run.name().to_owned()));
    }
    if running > 0 {
        eprintln!(
            "Keeping {running} {}{} still running (--include-running deletes them too).",
            kind.name(),
            if running == 1 { "" } else { "s" }
        );
    }
    Ok(victims)
}

/// Whether to go ahead: yes with `-y`; otherwise the person at the terminal says, and
/// without a terminal it is a refusal.
fn confirmed(yes: bool, victims: &[(Kind, String)], namespace: &str) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    let what = match victims {
        [(kind, name)] => format!("{kind} `{name}`"),
        _ => format!("{} runs", victims.len()),
    };
    if !prompt::interactive() {
        return Err(Error::Usage(format!(
            "not deleting {what} in namespace `{namespace}` without confirmation: stdin is not a terminal, so pass -y to delete without asking"
        )));
    }
    if victims.len() > 1 {
        for (kind, name) in victims.iter().take(20) {
            eprintln!("  {kind} {name}");
        }
        if victims.len() > 20 {
            eprintln!("  ... and {} more", victims.len() - 20);
        }
    }
    let answer = prompt::ask(&format!("Delete {what} in namespace `{namespace}`? [y/N]"))?;
    Ok(matches!(answer.as_deref(), Some("y" | "Y" | "yes" | "Yes")))
}

async fn delete_all(cluster: &Cluster, victims: Vec<(Kind, String)>) -> Result<()> {
    let total = victims.len();
    let results: Vec<(Kind, String, Result<()>)> = stream::iter(victims)
        .map(|(kind, name)| async move {
            let result = delete_one(cluster, kind, &name).await;
            (kind, name, result)
        })
        .buffer_unordered(PARALLEL)
        .collect()
        .await;
    let mut failures = Vec::new();
    for (kind, name, result) in results {
        match result {
            Ok(()) => println!("{}/{name} deleted", kind.qualified()),
            Err(error) => failures.push(error),
        }
    }
    let failed = failures.len();
    match failures.into_iter().next() {
        None => Ok(()),
        Some(first) if total == 1 => Err(first),
        Some(first) => Err(Error::Failed(format!(
            "{first} ({failed} of the {total} runs were not deleted)"
        ))),
    }
}

async fn delete_one(cluster: &Cluster, kind: Kind, name: &str) -> Result<()> {
    let api = cluster.api(kind, Some(cluster.namespace())).await?;
    api.delete(name, &DeleteParams::background())
        .await
        .map_err(cluster.fail(cluster.action("delete", kind).named(name)))?;
    Ok(())
}
