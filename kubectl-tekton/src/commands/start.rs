//! `start`: a new run of a Task or Pipeline, from the cluster (the run references it) or from
//! a file (the run embeds its spec; the file is linted first). Params and workspaces come from
//! the flags (and, on a terminal, from answers), the run is built in the version it will be
//! created in, checked against its Task or Pipeline ([`preflight`]), and only then created or,
//! with `--dry-run`, printed.

use std::path::Path;

use serde_json::Value;
use tekton_analysis::{TektonKind, TektonVersion};

use crate::cli::{ConnectionArgs, DefinitionKind, StartArgs};
use crate::cluster::Cluster;
use crate::error::{Error, Result};
use crate::launch::{self, Definition};
use crate::newrun::{self, NewRun, Target};
use crate::params::{self, Declared};
use crate::resource::{ApiVersion, Kind};
use crate::{lint, manifest, preflight, prompt, workspaces};

/// A definition and how a new run points at it.
struct Source {
    definition: Definition,
    /// The version the run is created in.
    version: ApiVersion,
    target: Target,
}

/// Runs `start`; the exit status is the run's with --follow.
pub async fn run(args: &StartArgs, connection: &ConnectionArgs) -> Result<u8> {
    let (source, mut cluster) = match (&args.file, args.kind, &args.name) {
        (Some(path), _, _) => (from_file(path)?, None),
        (None, Some(kind), Some(name)) => {
            let cluster = Cluster::connect(connection).await?;
            let kind = match kind {
                DefinitionKind::Task => Kind::Task,
                DefinitionKind::Pipeline => Kind::Pipeline,
            };
            (from_cluster(&cluster, kind, name).await?, Some(cluster))
        }
        _ => {
            return Err(Error::Usage(
                "say what to start: `start task NAME`, `start pipeline NAME` or `start -f FILE`"
                    .to_owned(),
            ));
        }
    };

    let Source {
        definition,
        version,
        target,
    } = source;
    let declared = params::declarations(definition.spec());
    let mut values = params::given(&args.params, &declared)?;
    let mut bindings = args
        .workspaces
        .iter()
        .map(|spec| workspaces::parse(spec))
        .collect::<Result<Vec<Value>>>()?;
    if prompt::interactive() {
        ask_params(&declared, &mut values, args.use_param_defaults)?;
        ask_workspaces(definition.spec(), &mut bindings)?;
    }

    let metadata = newrun::metadata(&args.new_run, &format!("{}-run-", definition.name))?;
    let run = NewRun {
        kind: definition.run_kind(),
        version,
        target,
        params: values,
        workspaces: bindings,
        service_account: args.service_account.clone(),
        timeout: args.timeout.as_ref().map(|t| t.text.clone()),
    }
    .to_json(metadata);
    launch::refuse_problems(&definition, &run)?;

    if args.new_run.dry_run {
        return launch::print_dry_run(&run, args.new_run.output).map(|()| 0);
    }
    let cluster = match cluster.take() {
        Some(cluster) => cluster,
        None => Cluster::connect(connection).await?,
    };
    let format = args.new_run.output;
    launch::create(
        &cluster,
        definition.run_kind(),
        version,
        &run,
        format,
        None,
        args.new_run.follow,
    )
    .await
}

async fn from_cluster(cluster: &Cluster, kind: Kind, name: &str) -> Result<Source> {
    let version = cluster.tekton_version().await?;
    let object = cluster.get(kind, name).await?;
    let object = serde_json::to_value(&object)
        .map_err(|e| Error::Failed(format!("cannot read {kind} `{name}`: {e}")))?;
    Ok(Source {
        definition: Definition {
            kind,
            name: name.to_owned(),
            object,
            config: preflight::cluster_config(),
        },
        version,
        target: Target::Reference(name.to_owned()),
    })
}

/// The Pipeline of a file, else its Task (after the linter passed the file).
fn from_file(path: &Path) -> Result<Source> {
    let mut linted = lint::check(&[path.to_path_buf()])?;
    let Some(file) = linted.pop() else {
        return Err(Error::Failed(format!(
            "nothing to read in `{}`",
            path.display()
        )));
    };
    let documents = manifest::tekton_documents(&file.analysis);
    let pick = |wanted: TektonKind| -> Result<Option<manifest::TektonDocument>> {
        let mut found: Vec<manifest::TektonDocument> = documents
            .iter()
            .filter(|d| d.kind == wanted)
            .cloned()
            .collect();
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop()),
            n => Err(Error::Failed(format!(
                "`{}` holds {n} {}s: put the one to start in a file of its own",
                file.shown,
                wanted.as_str()
            ))),
        }
    };
    let document = match pick(TektonKind::Pipeline)? {
        Some(pipeline) => pipeline,
        None => pick(TektonKind::Task)?.ok_or_else(|| {
            Error::Failed(format!(
                "`{}` holds no Task or Pipeline (tekton.dev/v1 or v1beta1) to start",
                file.shown
            ))
        })?,
    };
    let version = match document.version {
        TektonVersion::V1 => ApiVersion::V1,
        TektonVersion::V1beta1 => ApiVersion::V1beta1,
        TektonVersion::V1alpha1 => {
            return Err(Error::Failed(format!(
                "`{}`: tekton.dev/v1alpha1 cannot be started; write it in tekton.dev/v1",
                file.shown
            )));
        }
    };
    let kind = if document.kind == TektonKind::Pipeline {
        Kind::Pipeline
    } else {
        Kind::Task
    };
    let name = document
        .value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or(if kind == Kind::Pipeline {
            "pipeline"
        } else {
            "task"
        })
        .to_owned();
    let spec = document.value.get("spec").cloned().unwrap_or(Value::Null);
    let mut config = file.config;
    config.feature_flags.enable_param_enum = true;
    Ok(Source {
        definition: Definition {
            kind,
            name,
            object: document.value,
            config,
        },
        version,
        target: Target::Embedded(spec),
    })
}

/// Asks for each param not given: all of them, or with `--use-param-defaults` only those
/// without a default. An empty answer keeps the default.
fn ask_params(
    declared: &[Declared],
    values: &mut Vec<(String, Value)>,
    use_defaults: bool,
) -> Result<()> {
    for param in declared {
        if values.iter().any(|(name, _)| *name == param.name)
            || (use_defaults && param.default.is_some())
        {
            continue;
        }
        let default = param
            .default
            .as_ref()
            .map(|d| format!(", default {d}"))
            .unwrap_or_default();
        let question = format!(
            "param `{}` ({}{default}; as {})",
            param.name,
            param.ty.as_str(),
            params::example(param.ty)
        );
        if let Some(answer) = prompt::ask(&question)? {
            values.push((param.name.clone(), params::typed(&answer, param.ty)?));
        }
    }
    Ok(())
}

/// Asks how to bind each required workspace not bound with `-w`.
fn ask_workspaces(spec: &Value, bindings: &mut Vec<Value>) -> Result<()> {
    let required = spec
        .get("workspaces")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|w| w.get("optional").and_then(Value::as_bool) != Some(true))
        .filter_map(|w| w.get("name").and_then(Value::as_str));
    for name in required {
        if bindings
            .iter()
            .any(|b| b.get("name").and_then(Value::as_str) == Some(name))
        {
            continue;
        }
        let question = format!(
            "workspace `{name}` (emptyDir=, claimName=PVC, config=CONFIGMAP or secret=SECRET)"
        );
        if let Some(answer) = prompt::ask(&question)? {
            bindings.push(workspaces::parse(&format!("name={name},{answer}"))?);
        }
    }
    Ok(())
}
