//! Finding the kubeconfig and the context the way kubectl does: `--kubeconfig` alone when
//! given; otherwise every file of `KUBECONFIG` that exists, merged (the first file to set a
//! value wins); otherwise `~/.kube/config`; otherwise the in-cluster service account. The
//! context is `--context`, else the current context; `--cluster` and `--user` override its
//! parts; the namespace is `-n`, else the context's, else `default`.

use std::path::{Path, PathBuf};

use kube::Config;
use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};
use tekton_analysis::rules::did_you_mean;

use crate::cli::ConnectionArgs;
use crate::error::{Error, Result};

/// A client configuration and where it came from, for messages.
pub struct Loaded {
    pub config: Config,
    /// The namespace commands act in unless they are given another.
    pub namespace: String,
}

pub async fn load(args: &ConnectionArgs) -> Result<Loaded> {
    let Some((kubeconfig, source)) = read(args)? else {
        if let Ok(config) = Config::incluster() {
            let namespace = args
                .namespace
                .clone()
                .unwrap_or_else(|| config.default_namespace.clone());
            return Ok(Loaded { config, namespace });
        }
        return Err(Error::NoKubeconfig {
            tried: searched(args),
        });
    };
    let contexts: Vec<String> = kubeconfig.contexts.iter().map(|c| c.name.clone()).collect();
    let context = match args.context.clone().or(kubeconfig.current_context.clone()) {
        Some(context) if !context.is_empty() => context,
        _ => {
            return Err(Error::NoCurrentContext {
                available: contexts,
            });
        }
    };
    if !contexts.contains(&context) {
        let closest =
            did_you_mean(&context, contexts.iter().map(String::as_str)).map(str::to_owned);
        return Err(Error::UnknownContext {
            name: context,
            closest,
            available: contexts,
        });
    }
    let options = KubeConfigOptions {
        context: Some(context.clone()),
        cluster: args.cluster.clone(),
        user: args.user.clone(),
    };
    let config = Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(|error| context_error(error, &context, &source))?;
    let namespace = args
        .namespace
        .clone()
        .unwrap_or_else(|| config.default_namespace.clone());
    Ok(Loaded { config, namespace })
}

/// The names of the contexts the kubeconfig defines (none when it cannot be read).
pub fn contexts(args: &ConnectionArgs) -> Vec<String> {
    match read(args) {
        Ok(Some((kubeconfig, _))) => kubeconfig.contexts.into_iter().map(|c| c.name).collect(),
        _ => Vec::new(),
    }
}

/// The merged kubeconfig and a description of its files, or `None` when there is none.
fn read(args: &ConnectionArgs) -> Result<Option<(Kubeconfig, String)>> {
    if let Some(path) = &args.kubeconfig {
        if !path.is_file() {
            return Err(Error::BadKubeconfig {
                path: path.display().to_string(),
                reason: "no such file".to_owned(),
            });
        }
        return Ok(Some((read_file(path)?, path.display().to_string())));
    }
    let paths = candidate_paths();
    let existing: Vec<&PathBuf> = paths.iter().filter(|p| p.is_file()).collect();
    if existing.is_empty() {
        return Ok(None);
    }
    let mut merged = Kubeconfig::default();
    for path in &existing {
        merged = merged
            .merge(read_file(path)?)
            .map_err(|error| Error::BadKubeconfig {
                path: path.display().to_string(),
                reason: error.to_string(),
            })?;
    }
    let shown: Vec<String> = existing.iter().map(|p| p.display().to_string()).collect();
    Ok(Some((merged, shown.join(", "))))
}

/// `KUBECONFIG`'s files (missing ones are skipped later, as kubectl does), else the default.
fn candidate_paths() -> Vec<PathBuf> {
    match std::env::var_os("KUBECONFIG") {
        Some(value) if !value.is_empty() => std::env::split_paths(&value)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
        _ => std::env::home_dir()
            .map(|home| vec![home.join(".kube").join("config")])
            .unwrap_or_default(),
    }
}

fn searched(args: &ConnectionArgs) -> String {
    match &args.kubeconfig {
        Some(path) => path.display().to_string(),
        None => {
            let paths: Vec<String> = candidate_paths()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            if paths.is_empty() {
                "HOME is not set".to_owned()
            } else {
                format!("looked for {}", paths.join(", "))
            }
        }
    }
}

fn read_file(path: &Path) -> Result<Kubeconfig> {
    Kubeconfig::read_from(path).map_err(|error| Error::BadKubeconfig {
        path: path.display().to_string(),
        reason: match error {
            KubeconfigError::ReadConfig(io, _) => io.to_string(),
            other => other.to_string(),
        },
    })
}

fn context_error(error: KubeconfigError, context: &str, source: &str) -> Error {
    match error {
        KubeconfigError::LoadClusterOfContext(cluster) => Error::BadContext {
            context: context.to_owned(),
            reason: format!("its cluster `{cluster}` is not defined in {source}"),
        },
        other => Error::BadContext {
            context: context.to_owned(),
            reason: other.to_string(),
        },
    }
}
