//! The check before a run is created: the run's params and workspaces against its Task or
//! Pipeline, with the linter's own rules (`tekton-analysis`), so `start` refuses exactly what
//! `tekton-lsp check` reports and Tekton would fail the run for.
//!
//! The run is checked in its reference form (`taskRef`/`pipelineRef` by name) against the
//! Task or Pipeline placed beside it in an analysis workspace, whatever the real run holds (a
//! reference, a resolver, or the spec embedded). The linter's findings are then worded for the
//! command line: each names its fix as a flag (`-p url=VALUE`, `-w name=src,emptyDir=`).

use serde_json::{Value, json};
use tekton_analysis::{AnalysisConfig, Diagnostic, FileRef, Severity, Workspace, analyze_file};

use crate::params::{self, Declared};
use crate::resource::Kind;

/// The rules a run's own inputs can break; anything else on a run the plugin built would be
/// the plugin's fault or the definition's, and is reported as the linter words it.
const EXTRA_PARAM: &str = "pipeline-task-extra-param";

/// The problems of `run` (a TaskRun or PipelineRun as JSON) against `definition` (the Task or
/// Pipeline object as JSON), each one sentence with its fix. Empty when the run may be created.
pub fn check(definition: &Value, run: &Value, config: &AnalysisConfig) -> Vec<String> {
    let kind = match definition.get("kind").and_then(Value::as_str) {
        Some("Pipeline") => Kind::Pipeline,
        _ => Kind::Task,
    };
    let name = "preflight-target";
    let mut definition = definition.clone();
    definition["metadata"] = json!({"name": name});
    let mut run = run.clone();
    if let Some(spec) = run.get_mut("spec").and_then(Value::as_object_mut) {
        let (reference, inline) = match kind {
            Kind::Pipeline => ("pipelineRef", "pipelineSpec"),
            _ => ("taskRef", "taskSpec"),
        };
        spec.remove(inline);
        spec.insert(reference.to_owned(), json!({"name": name}));
    }

    let mut workspace = Workspace::new();
    let definition_file = FileRef::from("definition.json");
    let run_file = FileRef::from("run.json");
    workspace.insert(definition_file, analyze_file(&to_text(&definition), config));
    workspace.insert(run_file.clone(), analyze_file(&to_text(&run), config));
    let own = workspace
        .get(&run_file)
        .map(|analysis| analysis.diagnostics.clone())
        .unwrap_or_default();
    let across = tekton_analysis::rules::check_references(&workspace, &run_file, config);

    let spec = definition.get("spec").unwrap_or(&Value::Null);
    let declared = params::declarations(spec);
    let context = Context {
        kind,
        declared: &declared,
        spec,
    };
    own.iter()
        .chain(&across)
        .filter(|d| d.severity == Severity::Error || d.rule == EXTRA_PARAM)
        .map(|d| context.sentence(d))
        .collect()
}

/// The analysis configuration for runs of Tasks and Pipelines taken from a cluster: upstream's
/// defaults, with param enums checked (a Task that declares an `enum` was admitted by a
/// cluster that has them enabled).
pub fn cluster_config() -> AnalysisConfig {
    let mut config = AnalysisConfig::default();
    config.feature_flags.enable_param_enum = true;
    config
}

fn to_text(value: &Value) -> String {
    // Pretty JSON is YAML the analysis reads; it never fails for a `Value`.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

struct Context<'a> {
    kind: Kind,
    declared: &'a [Declared],
    spec: &'a Value,
}

impl Context<'_> {
    fn sentence(&self, diagnostic: &Diagnostic) -> String {
        let message = &diagnostic.message;
        let names = quoted(message);
        let first = names.first().copied().unwrap_or_default();
        let suggestion = diagnostic
            .fix
            .as_ref()
            .and_then(|fix| fix.edits.first())
            .map(|edit| edit.new_text.as_str());
        let kind = self.kind.name();
        match diagnostic.rule {
            "run-param-missing" => {
                format!("{message}: pass it with -p {first}={}", self.example(first))
            }
            EXTRA_PARAM => match suggestion {
                Some(s) => format!(
                    "the {kind} declares no param `{first}`: did you mean -p {s}={}?",
                    self.example(s)
                ),
                None => format!(
                    "the {kind} declares no param `{first}`: remove -p {first} (it declares {})",
                    self.list(self.declared.iter().map(|d| d.name.as_str()))
                ),
            },
            "run-param-type-mismatch" => {
                format!("{message}: write it as -p {first}={}", self.example(first))
            }
            "param-enum-value-invalid" => {
                let param = names.get(1).copied().unwrap_or_default();
                format!(
                    "{message}: pass one of {}",
                    self.list(self.enum_values(param).iter().map(String::as_str))
                )
            }
            "run-param-object-keys-missing" => format!(
                "{message}: give every key, as -p {first}={}",
                self.example(first)
            ),
            "run-workspace-missing" => format!(
                "{message}: bind it with -w name={first},emptyDir= (or claimName=PVC, config=CONFIGMAP, secret=SECRET)"
            ),
            "run-workspace-unknown" => match suggestion {
                Some(s) => format!("{message}: did you mean -w name={s},...?"),
                None => format!(
                    "{message}: remove -w name={first} (it declares {})",
                    self.list(self.workspace_names().into_iter())
                ),
            },
            _ => message.clone(),
        }
    }

    fn example(&self, param: &str) -> &'static str {
        self.declared
            .iter()
            .find(|d| d.name == param)
            .map_or("VALUE", |d| params::example(d.ty))
    }

    fn enum_values(&self, param: &str) -> Vec<String> {
        self.spec
            .get("params")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(param))
            .and_then(|p| p.get("enum"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect()
    }

    fn workspace_names(&self) -> Vec<&str> {
        self.spec
            .get("workspaces")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|w| w.get("name").and_then(Value::as_str))
            .collect()
    }

    fn list<'n>(&self, names: impl Iterator<Item = &'n str>) -> String {
        let names: Vec<&str> = names.collect();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    }
}

/// The `backquoted` names of a linter message, in order.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Value {
        json!({
            "apiVersion": "tekton.dev/v1",
            "kind": "Task",
            "metadata": {"name": "build"},
            "spec": {
                "params": [
                    {"name": "url"},
                    {"name": "revision", "default": "main"},
                    {"name": "flags", "type": "array", "default": []},
                    {"name": "mode", "default": "fast", "enum": ["fast", "slow"]},
                ],
                "workspaces": [{"name": "source"}, {"name": "cache", "optional": true}],
                "steps": [{"name": "build", "image": "alpine", "script": "echo"}],
            },
        })
    }

    fn run(params: Value, workspaces: Value) -> Value {
        json!({
            "apiVersion": "tekton.dev/v1",
            "kind": "TaskRun",
            "metadata": {"generateName": "build-run-"},
            "spec": {"taskRef": {"name": "build"}, "params": params, "workspaces": workspaces},
        })
    }

    #[test]
    fn every_problem_is_one_sentence_with_its_fix() {
        let problems = check(
            &task(),
            &run(
                json!([
                    {"name": "revison", "value": "v1"},
                    {"name": "flags", "value": "a"},
                    {"name": "mode", "value": "quick"},
                ]),
                json!([{"name": "sorce", "emptyDir": {}}]),
            ),
            &cluster_config(),
        );
        insta::assert_snapshot!(problems.join("\n"), @r"
        param `url` has no default and is not given: pass it with -p url=VALUE
        `flags` is declared array but given string: write it as -p flags=a,b,c
        `quick` is not in the enum of param `mode`: pass one of fast, slow
        the Task declares no param `revison`: did you mean -p revision=VALUE?
        workspace `source` is required but not bound: bind it with -w name=source,emptyDir= (or claimName=PVC, config=CONFIGMAP, secret=SECRET)
        the Task declares no workspace `sorce`: did you mean -w name=source,...?
        ");
    }

    #[test]
    fn a_run_that_fits_has_no_problems() {
        let problems = check(
            &task(),
            &run(
                json!([{"name": "url", "value": "https://x"}, {"name": "mode", "value": "slow"}]),
                json!([{"name": "source", "emptyDir": {}}]),
            ),
            &cluster_config(),
        );
        assert_eq!(problems, Vec::<String>::new());
    }
}
