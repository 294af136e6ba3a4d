//! Indexing the workspace folders in the background: the files `check` would find there
//! (`tekton_check::discover`: `.gitignore`, each `.tekton-lsp.toml`'s `ignore` list), read and
//! analysed in parallel, added to the session a batch at a time so that requests are answered
//! throughout, with work-done progress (`$/progress` begin, percentage, end) when the client
//! shows it.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use rayon::prelude::*;
use tekton_analysis::{FileAnalysis, FileRef};
use tekton_check::Source;
use tower_lsp_server::ls_types::{MessageType, NumberOrString};

use crate::server::backend::Shared;
use crate::server::uri;

/// Files per batch: enough that the session lock is taken rarely, few enough that progress
/// moves and the first diagnostics arrive early.
const BATCH: usize = 128;

/// The title of the progress the client shows.
pub const PROGRESS_TITLE: &str = "Indexing Tekton files";

pub async fn index(shared: Shared) {
    let (generation, folders, configuration, show_progress) = {
        let mut session = shared.lock();
        (
            session.begin_index(),
            session.folders().to_vec(),
            session.configuration(),
            session.support().work_done_progress,
        )
    };
    let token = NumberOrString::String(format!("tekton-lsp/index/{generation}"));
    let progress = if show_progress
        && shared
            .client
            .create_work_done_progress(token.clone())
            .await
            .is_ok()
    {
        Some(
            shared
                .client
                .progress(token, PROGRESS_TITLE)
                .with_percentage(0)
                .begin()
                .await,
        )
    } else {
        None
    };

    let discovered = tokio::task::spawn_blocking(move || {
        let discovery = tekton_check::discover(&folders, None, &configuration.cache);
        (discovery.targets, discovery.failures)
    })
    .await;
    let (targets, failures) = match discovered {
        Ok(found) => found,
        Err(failure) => {
            shared.log(
                MessageType::ERROR,
                format!("tekton-lsp: finding the workspace's files failed: {failure}"),
            );
            (Vec::new(), Vec::new())
        }
    };
    for failure in failures {
        shared.log(MessageType::WARNING, format!("tekton-lsp: {failure}"));
    }

    let total = targets.len();
    let mut found: HashSet<FileRef> = HashSet::with_capacity(total);
    let mut done = 0;
    let mut remaining = targets.into_iter().peekable();
    while remaining.peek().is_some() {
        if shared.lock().index_generation() != generation {
            // A newer run (a folder or configuration change) has taken over.
            break;
        }
        let batch: Vec<Source> = remaining.by_ref().take(BATCH).collect();
        done += batch.len();
        let Ok(analysed) = tokio::task::spawn_blocking(move || analyse(batch)).await else {
            continue;
        };
        found.extend(analysed.iter().map(|(file, _, _)| file.clone()));
        shared.lock().index_files(generation, analysed);
        shared.changed.notify_one();
        if let Some(progress) = &progress {
            let percentage = (done * 100 / total.max(1)) as u32;
            progress
                .report_with_message(format!("{done}/{total} files"), percentage)
                .await;
        }
    }
    shared.lock().finish_index(generation, &found);
    shared.changed.notify_one();
    if let Some(progress) = progress {
        progress.finish_with_message(format!("{total} files")).await;
    }
}

/// Reads and analyses a batch in parallel. A file that cannot be read is left out (`check`
/// reports it; an editor has nothing to show for it); a file whose analysis panics too, so one
/// bad file does not lose the batch.
fn analyse(batch: Vec<Source>) -> Vec<(FileRef, PathBuf, FileAnalysis)> {
    batch
        .into_par_iter()
        .filter_map(|source| {
            let file = uri::path_ref(&source.display)?;
            let loaded = tekton_check::load(source).ok()?;
            let settings = &loaded.source.settings.analysis;
            let analysis = catch_unwind(AssertUnwindSafe(|| {
                tekton_analysis::analyze_file(&loaded.text, settings)
            }))
            .ok()?;
            Some((file, loaded.source.display, analysis))
        })
        .collect()
}
