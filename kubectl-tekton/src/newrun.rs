//! Building a new TaskRun or PipelineRun as JSON, in the API version it will be created in:
//! v1 and v1beta1 put a PipelineRun's service account and timeout in different fields.

use serde_json::{Map, Value, json};

use crate::cli::NewRunArgs;
use crate::error::{Error, Result};
use crate::resource::{ApiVersion, GROUP, Kind};

/// What the run runs.
#[derive(Clone, Debug)]
pub enum Target {
    /// A Task or Pipeline of the cluster, by name.
    Reference(String),
    /// A Task's or Pipeline's spec, embedded in the run.
    Embedded(Value),
}

pub struct NewRun {
    /// TaskRun or PipelineRun.
    pub kind: Kind,
    pub version: ApiVersion,
    pub target: Target,
    pub params: Vec<(String, Value)>,
    pub workspaces: Vec<Value>,
    pub service_account: Option<String>,
    /// A Go duration.
    pub timeout: Option<String>,
}

impl NewRun {
    pub fn to_json(&self, metadata: Value) -> Value {
        let pipeline = self.kind == Kind::PipelineRun;
        let mut spec = Map::new();
        let (reference, inline) = if pipeline {
            ("pipelineRef", "pipelineSpec")
        } else {
            ("taskRef", "taskSpec")
        };
        match &self.target {
            Target::Reference(name) => spec.insert(reference.into(), json!({"name": name})),
            Target::Embedded(definition) => spec.insert(inline.into(), definition.clone()),
        };
        if !self.params.is_empty() {
            let params = self
                .params
                .iter()
                .map(|(name, value)| json!({"name": name, "value": value}))
                .collect();
            spec.insert("params".into(), Value::Array(params));
        }
        if !self.workspaces.is_empty() {
            spec.insert("workspaces".into(), Value::Array(self.workspaces.clone()));
        }
        let v1 = self.version == ApiVersion::V1;
        if let Some(account) = &self.service_account {
            if pipeline && v1 {
                spec.insert(
                    "taskRunTemplate".into(),
                    json!({"serviceAccountName": account}),
                );
            } else {
                spec.insert("serviceAccountName".into(), json!(account));
            }
        }
        if let Some(timeout) = &self.timeout {
            if pipeline && v1 {
                spec.insert("timeouts".into(), json!({"pipeline": timeout}));
            } else {
                spec.insert("timeout".into(), json!(timeout));
            }
        }
        json!({
            "apiVersion": format!("{GROUP}/{}", self.version.as_str()),
            "kind": self.kind.name(),
            "metadata": metadata,
            "spec": spec,
        })
    }
}

/// A new run's metadata from `--name`, `--generate-name` (else `default_prefix`) and `-l`.
pub fn metadata(args: &NewRunArgs, default_prefix: &str) -> Result<Value> {
    let mut metadata = Map::new();
    match (&args.name, &args.generate_name) {
        (Some(name), _) => metadata.insert("name".into(), json!(name)),
        (None, Some(prefix)) => metadata.insert("generateName".into(), json!(prefix)),
        (None, None) => metadata.insert("generateName".into(), json!(default_prefix)),
    };
    if !args.labels.is_empty() {
        let mut labels = Map::new();
        for label in &args.labels {
            let Some((key, value)) = label.split_once('=') else {
                return Err(Error::Usage(format!(
                    "-l `{label}` has no `=`: write -l KEY=VALUE"
                )));
            };
            labels.insert(key.to_owned(), json!(value));
        }
        metadata.insert("labels".into(), Value::Object(labels));
    }
    Ok(Value::Object(metadata))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline_run(version: ApiVersion) -> Value {
        NewRun {
            kind: Kind::PipelineRun,
            version,
            target: Target::Reference("ci".into()),
            params: vec![("env".into(), json!("prod"))],
            workspaces: vec![json!({"name": "src", "emptyDir": {}})],
            service_account: Some("builder".into()),
            timeout: Some("30m".into()),
        }
        .to_json(json!({"generateName": "ci-run-"}))
    }

    #[test]
    fn a_pipelinerun_puts_account_and_timeout_where_its_version_wants_them() {
        let v1 = pipeline_run(ApiVersion::V1);
        assert_eq!(v1["apiVersion"], "tekton.dev/v1");
        assert_eq!(
            v1["spec"]["taskRunTemplate"]["serviceAccountName"],
            "builder"
        );
        assert_eq!(v1["spec"]["timeouts"]["pipeline"], "30m");
        let v1beta1 = pipeline_run(ApiVersion::V1beta1);
        assert_eq!(v1beta1["spec"]["serviceAccountName"], "builder");
        assert_eq!(v1beta1["spec"]["timeout"], "30m");
        assert_eq!(v1beta1["spec"]["pipelineRef"]["name"], "ci");
    }

    #[test]
    fn names_and_labels_come_from_the_flags() {
        let args = NewRunArgs {
            name: Some("exact".into()),
            labels: vec!["team=a".into()],
            ..NewRunArgs::default()
        };
        let metadata = metadata(&args, "x-run-").ok();
        assert_eq!(
            metadata,
            Some(json!({"name": "exact", "labels": {"team": "a"}}))
        );
        let bad = NewRunArgs {
            labels: vec!["nolabel".into()],
            ..NewRunArgs::default()
        };
        assert!(super::metadata(&bad, "x-").is_err());
    }
}
