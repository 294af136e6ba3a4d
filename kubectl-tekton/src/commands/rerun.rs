//! `rerun`: a new run from an earlier one's spec (its reference or embedded spec, params,
//! workspaces, service account, timeouts, pod template...), with `-p` overrides checked
//! against the Task or Pipeline as `start` checks them.

use kube::api::DynamicObject;
use serde_json::{Map, Value, json};

use crate::cli::{ConnectionArgs, RerunArgs, one_run};
use crate::cluster::Cluster;
use crate::error::{Error, Result};
use crate::launch::{self, Definition};
use crate::resource::{ApiVersion, GROUP, Kind};
use crate::{lookup, newrun, params, preflight};

/// Labels the controller sets (`tekton.dev/pipelineRun` would make a rerun of a pipeline's
/// TaskRun look like one of its children) and annotations kubectl adds are not copied.
const CONTROLLER_LABEL_PREFIX: &str = "tekton.dev/";
const KUBECTL_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Runs `rerun`; the exit status is the new run's with --follow.
pub async fn run(args: &RerunArgs, connection: &ConnectionArgs) -> Result<u8> {
    let (kind, name) = one_run("rerun", &args.target)?;
    let cluster = Cluster::connect(connection).await?;
    let (kind, earlier) = lookup::run(&cluster, kind, name).await?;
    let version = match earlier.types.as_ref().map(|t| t.api_version.as_str()) {
        Some(v) if v == format!("{GROUP}/v1beta1") => ApiVersion::V1beta1,
        _ => ApiVersion::V1,
    };
    let definition = definition_of(&cluster, kind, &earlier).await?;
    let declared = definition
        .as_ref()
        .map(|d| params::declarations(d.spec()))
        .unwrap_or_default();
    let overrides = params::given(&args.params, &declared)?;

    let default_prefix = earlier
        .metadata
        .generate_name
        .clone()
        .unwrap_or_else(|| format!("{name}-rerun-"));
    let mut metadata = newrun::metadata(&args.new_run, &default_prefix)?;
    inherit_metadata(&earlier, &mut metadata);
    let run = again(&earlier, kind, version, metadata, overrides);
    match &definition {
        Some(definition) => launch::refuse_problems(definition, &run)?,
        None => eprintln!(
            "note: the {} of `{name}` is behind a resolver and was never resolved, so its params are not checked",
            if kind == Kind::PipelineRun {
                "Pipeline"
            } else {
                "Task"
            }
        ),
    }
    if args.new_run.dry_run {
        return launch::print_dry_run(&run, args.new_run.output).map(|()| 0);
    }
    launch::create(
        &cluster,
        kind,
        version,
        &run,
        args.new_run.output,
        Some(name),
        args.new_run.follow,
    )
    .await
}

/// The new run: the earlier one's spec without the status a user set on it (a cancel), with
/// the params `overrides` replaced or added.
fn again(
    earlier: &DynamicObject,
    kind: Kind,
    version: ApiVersion,
    metadata: Value,
    overrides: Vec<(String, Value)>,
) -> Value {
    let mut spec = earlier
        .data
        .get("spec")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    spec.remove("status");
    spec.remove("statusMessage");
    if !overrides.is_empty() {
        let mut params: Vec<Value> = spec
            .get("params")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (name, value) in overrides {
            let existing = params
                .iter_mut()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name.as_str()));
            match existing {
                Some(param) => param["value"] = value,
                None => params.push(json!({"name": name, "value": value})),
            }
        }
        spec.insert("params".into(), Value::Array(params));
    }
    json!({
        "apiVersion": format!("{GROUP}/{}", version.as_str()),
        "kind": kind.name(),
        "metadata": metadata,
        "spec": spec,
    })
}

/// Copies the earlier run's own labels and annotations under the new ones.
fn inherit_metadata(earlier: &DynamicObject, metadata: &mut Value) {
    let copy = |from: Option<&std::collections::BTreeMap<String, String>>,
                keep: &dyn Fn(&str) -> bool|
     -> Map<String, Value> {
        from.into_iter()
            .flatten()
            .filter(|(key, _)| keep(key))
            .map(|(key, value)| (key.clone(), json!(value)))
            .collect()
    };
    let mut labels = copy(earlier.metadata.labels.as_ref(), &|key| {
        !key.starts_with(CONTROLLER_LABEL_PREFIX)
    });
    let annotations = copy(earlier.metadata.annotations.as_ref(), &|key| {
        key != KUBECTL_ANNOTATION
    });
    if let Some(given) = metadata.get("labels").and_then(Value::as_object) {
        labels.extend(given.clone());
    }
    if !labels.is_empty() {
        metadata["labels"] = Value::Object(labels);
    }
    if !annotations.is_empty() {
        metadata["annotations"] = Value::Object(annotations);
    }
}

/// The Task or Pipeline the earlier run ran: embedded in it, else the cluster's by name, else
/// as its status recorded it after resolution. `None` when none is known (an unresolved
/// resolver reference).
async fn definition_of(
    cluster: &Cluster,
    kind: Kind,
    earlier: &DynamicObject,
) -> Result<Option<Definition>> {
    let (definition_kind, reference, inline) = match kind {
        Kind::PipelineRun => (Kind::Pipeline, "pipelineRef", "pipelineSpec"),
        _ => (Kind::Task, "taskRef", "taskSpec"),
    };
    let spec = earlier.data.get("spec");
    let label = format!("tekton.dev/{}", definition_kind.name().to_ascii_lowercase());
    let name = earlier
        .metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(&label))
        .cloned()
        .unwrap_or_else(|| "(embedded)".to_owned());
    let embedded = |spec: &Value, name: String| {
        Some(Definition {
            kind: definition_kind,
            object: json!({
                "apiVersion": earlier.types.as_ref().map_or("tekton.dev/v1", |t| t.api_version.as_str()),
                "kind": definition_kind.name(),
                "metadata": {"name": name},
                "spec": spec,
            }),
            name,
            config: preflight::cluster_config(),
        })
    };
    if let Some(inline) = spec.and_then(|s| s.get(inline)) {
        return Ok(embedded(inline, name));
    }
    let by_name = spec
        .and_then(|s| s.get(reference))
        .filter(|r| r.get("resolver").is_none() && r.get("bundle").is_none())
        .and_then(|r| r.get("name"))
        .and_then(Value::as_str);
    if let Some(reference) = by_name {
        let object = cluster.get(definition_kind, reference).await?;
        let object = serde_json::to_value(&object).map_err(|e| {
            Error::Failed(format!("cannot read {definition_kind} `{reference}`: {e}"))
        })?;
        return Ok(Some(Definition {
            kind: definition_kind,
            name: reference.to_owned(),
            object,
            config: preflight::cluster_config(),
        }));
    }
    let resolved = earlier.data.get("status").and_then(|s| s.get(inline));
    Ok(resolved.and_then(|resolved| embedded(resolved, name)))
}
