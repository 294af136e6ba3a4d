//! Finding the run a command acts on: by kind and name, by name alone (a PipelineRun first,
//! then a TaskRun), or the newest one (`--last`).

use k8s_openapi::jiff::Timestamp;
use kube::api::DynamicObject;
use tekton_analysis::rules::did_you_mean;

use crate::cluster::{Cluster, PAGE_SIZE};
use crate::error::{Error, Result};
use crate::resource::{Kind, RunKind};

/// The run `name`, of `kind` when given; otherwise the PipelineRun of that name, else the
/// TaskRun. When neither exists, the error names the closest run name of either kind.
pub async fn run(
    cluster: &Cluster,
    kind: Option<RunKind>,
    name: &str,
) -> Result<(Kind, DynamicObject)> {
    if let Some(kind) = kind {
        let kind = Kind::from(kind);
        return Ok((kind, cluster.get(kind, name).await?));
    }
    for kind in [Kind::PipelineRun, Kind::TaskRun] {
        let api = cluster.api(kind, Some(cluster.namespace())).await?;
        let action = cluster.action("get", kind).named(name);
        if let Some(object) = api.get_opt(name).await.map_err(cluster.fail(action))? {
            return Ok((kind, object));
        }
    }
    let mut names = cluster
        .names(Kind::PipelineRun, None)
        .await
        .unwrap_or_default();
    names.extend(cluster.names(Kind::TaskRun, None).await.unwrap_or_default());
    Err(Error::NotFound {
        kind: "PipelineRun or TaskRun",
        resource: "pipelineruns",
        name: name.to_owned(),
        namespace: cluster.namespace().to_owned(),
        closest: did_you_mean(name, names.iter().map(String::as_str)).map(str::to_owned),
    })
}

/// The most recently created run of `kind` in the namespace whose labels match `selector`.
/// The API server cannot sort, so this reads every run's metadata (page by page) and then
/// fetches the newest one whole.
pub async fn newest(
    cluster: &Cluster,
    kind: Kind,
    selector: Option<&str>,
) -> Result<DynamicObject> {
    let mut best: Option<(Timestamp, String)> = None;
    cluster
        .metadata_pages(kind, selector, PAGE_SIZE, |page| {
            for item in page {
                if let (Some(created), Some(name)) =
                    (item.metadata.creation_timestamp, item.metadata.name)
                    && best.as_ref().is_none_or(|(time, _)| created.0 > *time)
                {
                    best = Some((created.0, name));
                }
            }
            true
        })
        .await?;
    let Some((_, name)) = best else {
        let filter = selector
            .map(|s| format!(" matching {s}"))
            .unwrap_or_default();
        return Err(Error::Failed(format!(
            "there is no {}{filter} in namespace `{}`: start one with `kubectl tekton start`, or pick another namespace with -n",
            kind.name(),
            cluster.namespace()
        )));
    };
    cluster.get(kind, &name).await
}
