//! `describe`: one run, with its TaskRuns for a PipelineRun (one list request by the
//! `tekton.dev/pipelineRun` label, not a request per task).

use std::io::{self, Write};

use k8s_openapi::jiff::Timestamp;
use kube::api::ListParams;

use crate::cli::{ConnectionArgs, DescribeArgs};
use crate::cluster::{Cluster, PAGE_SIZE};
use crate::error::Result;
use crate::lookup;
use crate::output::{self, describe};
use crate::resource::Kind;

pub async fn run(args: &DescribeArgs, connection: &ConnectionArgs) -> Result<()> {
    let kind = Kind::from(args.kind);
    let cluster = Cluster::connect(connection).await?;
    let run = match &args.name {
        Some(name) => cluster.get(kind, name).await?,
        None => {
            let mut labels = Vec::new();
            if let Some(pipeline) = &args.pipeline {
                labels.push(format!("tekton.dev/pipeline={pipeline}"));
            }
            if let Some(task) = &args.task {
                labels.push(format!("tekton.dev/task={task}"));
            }
            let selector = (!labels.is_empty()).then(|| labels.join(","));
            lookup::newest(&cluster, kind, selector.as_deref()).await?
        }
    };
    let mut out = io::stdout().lock();
    if let Some(format) = args.output {
        return output::write_objects(&mut out, format, kind, &[run]);
    }
    let now = Timestamp::now();
    let text = match kind {
        Kind::PipelineRun => {
            let name = run.metadata.name.clone().unwrap_or_default();
            let mut children = Vec::new();
            let params = ListParams::default()
                .labels(&format!("tekton.dev/pipelineRun={name}"))
                .limit(PAGE_SIZE);
            let namespace = Some(cluster.namespace());
            cluster
                .list_pages(Kind::TaskRun, namespace, params, |page, _| {
                    children.extend(page);
                    true
                })
                .await?;
            describe::pipeline_run(&run, &children, now)
        }
        _ => describe::task_run(&run, now),
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
