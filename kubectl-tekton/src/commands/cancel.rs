//! `cancel`: sets the run's `spec.status` (one merge patch) after checking it still runs.

use kube::api::{Patch, PatchParams};
use serde_json::json;

use crate::cli::{CancelArgs, ConnectionArgs, Graceful, one_run};
use crate::cluster::Cluster;
use crate::error::{Error, Result};
use crate::lookup;
use crate::resource::Kind;
use crate::run::RunInfo;

pub async fn run(args: &CancelArgs, connection: &ConnectionArgs) -> Result<()> {
    let (kind, name) = one_run("cancel", &args.target)?;
    let cluster = Cluster::connect(connection).await?;
    let (kind, run) = lookup::run(&cluster, kind, name).await?;
    let status = match (kind, args.graceful) {
        (Kind::TaskRun, Some(_)) => {
            return Err(Error::Usage(format!(
                "`{name}` is a TaskRun, which has no finally tasks: cancel it without --graceful"
            )));
        }
        (Kind::TaskRun, None) => "TaskRunCancelled",
        (_, None) => "Cancelled",
        (_, Some(Graceful::Cancel)) => "CancelledRunFinally",
        (_, Some(Graceful::Stop)) => "StoppedRunFinally",
    };
    let state = RunInfo::new(&run).state();
    if state.phase.is_done() {
        return Err(Error::AlreadyFinished {
            kind,
            name: name.clone(),
            status: state.label(),
        });
    }
    let api = cluster.api(kind, Some(cluster.namespace())).await?;
    let patch = json!({"spec": {"status": status}});
    api.patch(name, &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .map_err(cluster.fail(cluster.action("patch", kind).named(name)))?;
    println!("{kind} {name} is being cancelled ({status})");
    Ok(())
}
