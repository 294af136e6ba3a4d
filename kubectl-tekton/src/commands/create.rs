//! `create -f`: lints the files, then creates every TaskRun and PipelineRun in them, in
//! order, in the version each is written in.

use std::io::{self, Write};

use tekton_analysis::{DocumentKind, TektonKind, TektonVersion};

use crate::cli::{ConnectionArgs, CreateArgs};
use crate::cluster::Cluster;
use crate::error::{Error, Result};
use crate::lint;
use crate::manifest;
use crate::output;
use crate::resource::{ApiVersion, Kind};

pub async fn run(args: &CreateArgs, connection: &ConnectionArgs) -> Result<()> {
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

    let cluster = Cluster::connect(connection).await?;
    let mut out = io::stdout().lock();
    for (created_so_far, (kind, version, run)) in runs.iter().enumerate() {
        let created = cluster
            .create(*kind, *version, run)
            .await
            .map_err(|error| partly_created(error, created_so_far))?;
        match args.output {
            Some(format) => output::write_objects(&mut out, format, *kind, &[created])?,
            None => writeln!(
                out,
                "{}/{} created",
                kind.qualified(),
                created.metadata.name.unwrap_or_default()
            )?,
        }
        out.flush()?;
    }
    Ok(())
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
