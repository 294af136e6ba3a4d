//! `create -f`: lints the files, then creates every TaskRun and PipelineRun in them, in
//! order, in the version each is written in; with `--follow`, follows the one run's logs.

use std::io::{self, Write};

use tekton_analysis::{DocumentKind, TektonKind, TektonVersion};

use crate::cli::{ConnectionArgs, CreateArgs};
use crate::cluster::Cluster;
use crate::commands::logs::{Shown, follow_or_show};
use crate::error::{Error, Result};
use crate::lint;
use crate::manifest;
use crate::output;
use crate::resource::{ApiVersion, Kind};

/// Runs `create`; the exit status is the run's with --follow.
pub async fn run(args: &CreateArgs, connection: &ConnectionArgs) -> Result<u8> {
    let files = lint::check(&args.files)?;
    let mut runs = Vec::new();
    for file in &files {
        // Anything but runs is refused before anything is created.
        for document in &file.analysis.documents {
            let what = match &document.kind {
                DocumentKind::Tekton {
                    kind: TektonKind::TaskRun | TektonKind::PipelineRun,
                    ..
                }
                | DocumentKind::NotKubernetes => continue,
                DocumentKind::Tekton { kind, .. } => kind.as_str().to_owned(),
                DocumentKind::OtherKubernetes { kind, .. } => kind.clone(),
            };
            let name = document.name().unwrap_or("unnamed");
            return Err(Error::Usage(format!(
                "`{}` holds a {what} (`{name}`): create makes TaskRuns and PipelineRuns only; apply the rest with `kubectl apply -f`",
                file.shown
            )));
        }
        for document in manifest::tekton_documents(&file.analysis) {
            let kind = match document.kind {
                TektonKind::PipelineRun => Kind::PipelineRun,
                _ => Kind::TaskRun,
            };
            let version = match document.version {
                TektonVersion::V1beta1 => ApiVersion::V1beta1,
                _ => ApiVersion::V1,
            };
            runs.push((kind, version, document.value));
        }
    }
    if runs.is_empty() {
        return Err(Error::Failed(format!(
            "no TaskRun or PipelineRun in {}: nothing to create",
            files
                .iter()
                .map(|f| format!("`{}`", f.shown))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if args.follow && runs.len() > 1 {
        return Err(Error::Usage(format!(
            "--follow follows one run, and the files hold {}: create them without --follow, then follow each with `kubectl tekton logs NAME -f`",
            runs.len()
        )));
    }

    let cluster = Cluster::connect(connection).await?;
    let mut out = io::stdout().lock();
    for (created_so_far, (kind, version, run)) in runs.iter().enumerate() {
        let created = cluster
            .create(*kind, *version, run)
            .await
            .map_err(|error| partly_created(error, created_so_far))?;
        let name = created.metadata.name.clone().unwrap_or_default();
        if args.follow {
            // stdout is for the run's log.
            eprintln!("{}/{name} created", kind.qualified());
            drop(out);
            return follow_or_show(&cluster, (*kind, created), true, &Shown::default()).await;
        }
        match args.output {
            Some(format) => output::write_objects(&mut out, format, *kind, &[created])?,
            None => writeln!(out, "{}/{name} created", kind.qualified())?,
        }
        out.flush()?;
    }
    Ok(0)
}

/// A failure after some runs were created says so, since they stay.
fn partly_created(error: Error, created: usize) -> Error {
    if created == 0 {
        return error;
    }
    Error::Failed(format!(
        "{error} (the {created} run{} printed above {} created)",
        if created == 1 { "" } else { "s" },
        if created == 1 { "was" } else { "were" }
    ))
}
