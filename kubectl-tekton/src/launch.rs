//! What `start` and `rerun` share: the Task or Pipeline a new run is checked against, the
//! check itself ([`preflight`]) with its problems printed, and creating the run.

use std::io::{self, Write};

use serde_json::Value;
use tekton_analysis::AnalysisConfig;

use crate::cluster::Cluster;
use crate::commands::logs::{Shown, follow_or_show};
use crate::error::{Error, Result};
use crate::output::{self, ObjectFormat};
use crate::preflight;
use crate::resource::{ApiVersion, Kind};

/// The Task or Pipeline a run is started from.
pub struct Definition {
    /// Task or Pipeline.
    pub kind: Kind,
    pub name: String,
    /// The whole object, as JSON.
    pub object: Value,
    /// What the run's check applies (the file's `.tekton-lsp.toml` for a file).
    pub config: AnalysisConfig,
}

impl Definition {
    pub fn spec(&self) -> &Value {
        self.object.get("spec").unwrap_or(&Value::Null)
    }

    pub fn run_kind(&self) -> Kind {
        match self.kind {
            Kind::Pipeline => Kind::PipelineRun,
            _ => Kind::TaskRun,
        }
    }
}

/// Prints every problem of `run` against its definition and fails, or passes when there are
/// none.
pub fn refuse_problems(definition: &Definition, run: &Value) -> Result<()> {
    let problems = preflight::check(&definition.object, run, &definition.config);
    if problems.is_empty() {
        return Ok(());
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    Err(Error::Failed(format!(
        "{} problem{} with the params or workspaces of {} `{}`: nothing was created",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        definition.kind,
        definition.name
    )))
}

/// Creates `run` and prints it (`-o`) or its name (saying what it reruns, if anything);
/// with `follow`, says its name on stderr and follows its logs. The exit status is the
/// run's when following, else 0.
pub async fn create(
    cluster: &Cluster,
    kind: Kind,
    version: ApiVersion,
    run: &Value,
    format: Option<ObjectFormat>,
    rerun_of: Option<&str>,
    follow: bool,
) -> Result<u8> {
    let created = cluster.create(kind, version, run).await?;
    let name = created.metadata.name.clone().unwrap_or_default();
    let started = match rerun_of {
        Some(earlier) => format!("{kind} started: {name} (a rerun of {earlier})"),
        None => format!("{kind} started: {name}"),
    };
    if follow {
        // stdout is for the run's log.
        eprintln!("{started}");
        return follow_or_show(cluster, (kind, created), true, &Shown::default()).await;
    }
    let mut out = io::stdout().lock();
    match format {
        Some(format) => output::write_objects(&mut out, format, kind, &[created])?,
        None => {
            let short = if kind == Kind::PipelineRun {
                "pr"
            } else {
                "tr"
            };
            writeln!(out, "{started}")?;
            writeln!(
                out,
                "Follow it with: kubectl tekton logs {short} {name} -f -n {}",
                cluster.namespace()
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}

/// `--dry-run`: prints the run that would be created (YAML unless `-o` says otherwise).
pub fn print_dry_run(run: &Value, format: Option<ObjectFormat>) -> Result<()> {
    let mut out = io::stdout().lock();
    output::write_document(&mut out, format.unwrap_or(ObjectFormat::Yaml), run)?;
    Ok(out.flush()?)
}
