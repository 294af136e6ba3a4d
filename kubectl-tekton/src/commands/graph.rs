//! `graph`: a pipeline's spec (from the cluster, a run, or a file), its DAG as the linter
//! builds it, and for a run each task's status from its TaskRuns (one list by label).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use kube::api::ListParams;
use serde_json::Value;
use tekton_analysis::{AnalysisConfig, TektonKind, analyze_file};

use crate::cli::{ConnectionArgs, GraphArgs, GraphFormat, GraphKind};
use crate::cluster::{Cluster, PAGE_SIZE};
use crate::error::{Error, Result};
use crate::manifest;
use crate::output::graph::{self, TaskStatus};
use crate::pipeline_dag;
use crate::resource::Kind;
use crate::run::{Phase, RunInfo};

pub async fn run(args: &GraphArgs, connection: &ConnectionArgs) -> Result<()> {
    let (title, spec, statuses) = match (&args.file, args.kind, &args.name) {
        (Some(path), _, _) => {
            let (title, spec) = from_file(path)?;
            (title, spec, None)
        }
        (None, Some(kind), Some(name)) => {
            let cluster = Cluster::connect(connection).await?;
            match kind {
                GraphKind::Pipeline => {
                    let pipeline = cluster.get(Kind::Pipeline, name).await?;
                    let spec = pipeline.data.get("spec").cloned().unwrap_or(Value::Null);
                    (name.clone(), spec, None)
                }
                GraphKind::PipelineRun => {
                    let (spec, statuses) = from_run(&cluster, name).await?;
                    (name.clone(), spec, Some(statuses))
                }
            }
        }
        _ => {
            return Err(Error::Usage(
                "say what to draw: `graph pipeline NAME`, `graph pipelinerun NAME` or `graph -f FILE`"
                    .to_owned(),
            ));
        }
    };
    let status = |task: &str| statuses.as_ref().and_then(|s| s.get(task).copied());
    let drawing = pipeline_dag::with_dag(&spec, |dag| match args.output {
        GraphFormat::Mermaid => graph::mermaid(dag, &status),
        GraphFormat::Dot => graph::dot(&title, dag, &status),
    });
    let mut out = io::stdout().lock();
    out.write_all(drawing.as_bytes())?;
    Ok(out.flush()?)
}

/// The file's Pipeline, else the embedded spec of its PipelineRun.
fn from_file(path: &Path) -> Result<(String, Value)> {
    let source = manifest::read(path)?;
    let analysis = analyze_file(&source.text, &AnalysisConfig::default());
    let documents = manifest::tekton_documents(&analysis);
    let name = |value: &Value| {
        value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("pipeline")
            .to_owned()
    };
    if let Some(pipeline) = documents.iter().find(|d| d.kind == TektonKind::Pipeline) {
        let spec = pipeline.value.get("spec").cloned().unwrap_or(Value::Null);
        return Ok((name(&pipeline.value), spec));
    }
    documents
        .iter()
        .filter(|d| d.kind == TektonKind::PipelineRun)
        .find_map(|run| {
            let spec = run.value.pointer("/spec/pipelineSpec")?.clone();
            Some((name(&run.value), spec))
        })
        .ok_or_else(|| {
            Error::Failed(format!(
                "`{}` holds no Pipeline (nor a PipelineRun with a pipelineSpec) to draw",
                source.shown
            ))
        })
}

/// The pipeline a run runs (as resolved in its status, else embedded, else its Pipeline of
/// the cluster) and each pipeline task's status.
async fn from_run(cluster: &Cluster, name: &str) -> Result<(Value, HashMap<String, TaskStatus>)> {
    let run = cluster.get(Kind::PipelineRun, name).await?;
    let info = RunInfo::new(&run);
    let resolved = info
        .status()
        .and_then(|s| s.get("pipelineSpec"))
        .or_else(|| info.spec().and_then(|s| s.get("pipelineSpec")))
        .cloned();
    let spec = match resolved {
        Some(spec) => spec,
        None => {
            let reference = info
                .spec()
                .and_then(|s| s.pointer("/pipelineRef/name"))
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    Error::Failed(format!(
                        "PipelineRun `{name}` has not resolved its pipeline yet: try again in a moment"
                    ))
                })?;
            let pipeline = cluster.get(Kind::Pipeline, reference).await?;
            pipeline.data.get("spec").cloned().unwrap_or(Value::Null)
        }
    };

    let mut phases: HashMap<String, Vec<Phase>> = HashMap::new();
    let params = ListParams::default()
        .labels(&format!("tekton.dev/pipelineRun={name}"))
        .limit(PAGE_SIZE);
    cluster
        .list_pages(
            Kind::TaskRun,
            Some(cluster.namespace()),
            params,
            |page, _| {
                for child in &page {
                    let child = RunInfo::new(child);
                    if let Some(task) = child.label("tekton.dev/pipelineTask") {
                        phases
                            .entry(task.to_owned())
                            .or_default()
                            .push(child.state().phase);
                    }
                }
                true
            },
        )
        .await?;
    let finished = info.state().phase.is_done();
    let skipped: Vec<&str> = info
        .status()
        .and_then(|s| s.get("skippedTasks"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .collect();
    let mut statuses = HashMap::new();
    for list in ["tasks", "finally"] {
        for task in spec
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(task) = task.get("name").and_then(Value::as_str) else {
                continue;
            };
            let status = if skipped.contains(&task) {
                TaskStatus::Skipped
            } else {
                combined(phases.get(task).map(Vec::as_slice).unwrap_or(&[]), finished)
            };
            statuses.insert(task.to_owned(), status);
        }
    }
    Ok((spec, statuses))
}

/// One status for a task's TaskRuns (several for a matrix): the worst of them.
fn combined(phases: &[Phase], run_finished: bool) -> TaskStatus {
    let any = |phase: Phase| phases.contains(&phase);
    if phases.is_empty() {
        if run_finished {
            TaskStatus::NotRun
        } else {
            TaskStatus::Pending
        }
    } else if any(Phase::Failed) {
        TaskStatus::Failed
    } else if any(Phase::Cancelled) {
        TaskStatus::Cancelled
    } else if phases.iter().all(|p| *p == Phase::Succeeded) {
        TaskStatus::Succeeded
    } else if any(Phase::Running) {
        TaskStatus::Running
    } else {
        TaskStatus::Pending
    }
}
