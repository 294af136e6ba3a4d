//! Every Task, Pipeline, TaskRun, PipelineRun and StepAction in the Tekton catalog decodes into
//! the typed model and validates against the committed schema, except the listed documents,
//! which upstream Tekton rejects too.

#[path = "../../lsp/analysis/tests/catalog/mod.rs"]
mod catalog;
mod common;

use std::collections::BTreeMap;

use common::{Validators, decode_typed, documents, type_of};

/// Documents that fail, with why upstream rejects them as well: (file, document index, reason).
/// `tests/schema-consumers/check_corpus.py` reads the (file, index) pairs from here too.
const TEMPLATE: &str =
    "template placeholder `{{...}}` is a YAML mapping key, which kubectl cannot convert to JSON";
const TASK_LEVEL_STEP_FIELDS: &str =
    "taskSpec has `ref`/`params` (step fields) at Task level: unknown fields, webhook rejects";
const V1BETA1_POD_TEMPLATE: &str = "v1 PipelineRun with v1beta1's `spec.podTemplate` (v1: taskRunTemplate.podTemplate): unknown field";
const RESULT_WITHOUT_VALUE: &str = "pipeline result without `value`: required by the Pipeline CRD";

const CONFIGMAP_NAMESPACE: &str =
    "`namespace` in a configMap workspace binding: not a field of ConfigMapVolumeSource";

const EXCEPTIONS: &[(&str, usize, &str)] = &[
    (
        "stepaction/tekton-catalog-publish/0.1/samples/run-with-workspace-secret.yaml",
        0,
        TASK_LEVEL_STEP_FIELDS,
    ),
    (
        "stepaction/tekton-catalog-publish/0.1/samples/run-without-workspace-secret.yaml",
        0,
        TASK_LEVEL_STEP_FIELDS,
    ),
    (
        "stepaction/tekton-catalog-publish/0.2/samples/run-with-workspace-secret.yaml",
        0,
        TASK_LEVEL_STEP_FIELDS,
    ),
    (
        "stepaction/tekton-catalog-publish/0.2/samples/run-without-workspace-secret.yaml",
        0,
        TASK_LEVEL_STEP_FIELDS,
    ),
    (
        "stepaction/tekton-catalog-publish/0.3/samples/run-with-workspace-secret.yaml",
        0,
        TASK_LEVEL_STEP_FIELDS,
    ),
    (
        "stepaction/tekton-catalog-publish/0.3/samples/run-without-workspace-secret.yaml",
        0,
        TASK_LEVEL_STEP_FIELDS,
    ),
    (
        "task/aws-ecr-login/0.1/samples/run.yaml",
        0,
        RESULT_WITHOUT_VALUE,
    ),
    (
        "task/git-cli/0.1/samples/pipeline.yaml",
        0,
        RESULT_WITHOUT_VALUE,
    ),
    (
        "task/git-rebase/0.1/samples/run.yaml",
        0,
        RESULT_WITHOUT_VALUE,
    ),
    (
        "task/git-clone/0.10/samples/git-clone-checking-out-a-branch.yaml",
        1,
        V1BETA1_POD_TEMPLATE,
    ),
    (
        "task/git-clone/0.10/samples/git-clone-checking-out-a-commit.yaml",
        1,
        V1BETA1_POD_TEMPLATE,
    ),
    (
        "task/git-clone/0.10/samples/git-clone-for-ssl-ca.yaml",
        1,
        V1BETA1_POD_TEMPLATE,
    ),
    (
        "task/git-clone/0.10/samples/git-clone-sparse-checkout.yaml",
        1,
        V1BETA1_POD_TEMPLATE,
    ),
    (
        "task/git-clone/0.10/samples/using-git-clone-result.yaml",
        1,
        V1BETA1_POD_TEMPLATE,
    ),
    (
        "task/golang-fuzz/0.1/tests/run.yaml",
        0,
        "workspace binding key `subpath` (for `subPath`): kubectl's strict field validation rejects it",
    ),
    (
        "task/istio-canary-release/0.1/samples/taskrun.yaml",
        0,
        "`metadata: istio-run` is a string, not an object",
    ),
    (
        "task/buildah/0.2/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/buildah/0.3/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/buildah/0.4/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/buildah/0.5/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/buildah/0.6/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/buildah/0.7/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/buildah/0.8/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/buildah/0.9/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/s2i/0.2/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/s2i/0.3/samples/openshift-internal-registry.yaml",
        1,
        CONFIGMAP_NAMESPACE,
    ),
    (
        "task/redhat-codeready-dependency-analysis/0.1/samples/pipeline-run.yaml",
        0,
        TEMPLATE,
    ),
    (
        "task/redhat-dependency-analytics/0.1/samples/pipeline-run.yaml",
        0,
        TEMPLATE,
    ),
    (
        "task/redhat-dependency-analytics/0.1/samples/task-run.yaml",
        0,
        TEMPLATE,
    ),
    (
        "task/redhat-dependency-analytics/0.2/samples/pipeline-run.yaml",
        0,
        TEMPLATE,
    ),
    (
        "task/redhat-dependency-analytics/0.2/samples/task-run.yaml",
        0,
        TEMPLATE,
    ),
    (
        "task/redhat-dependency-analytics/0.3/samples/pipeline-run.yaml",
        0,
        TEMPLATE,
    ),
    (
        "task/redhat-dependency-analytics/0.3/samples/task-run.yaml",
        0,
        TEMPLATE,
    ),
];

#[test]
fn catalog_documents_decode_and_validate() {
    let root = catalog::root();
    let files = catalog::files();

    let mut validators = Validators::default();
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped = 0;
    let mut failures = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(path).expect("readable file");
        for doc in documents(&text) {
            let (api_version, kind) = type_of(doc.text);
            let Some(decoded) = decode_typed(doc.text, &api_version, &kind) else {
                skipped += 1;
                continue;
            };
            *per_kind.entry(format!("{api_version} {kind}")).or_default() += 1;
            let problem = match (
                decoded,
                serde_saphyr::from_str::<serde_json::Value>(doc.text),
            ) {
                (Err(e), _) => Some(format!("typed decoding: {e}")),
                (Ok(_), Err(e)) => Some(format!("YAML to JSON: {e}")),
                (Ok(reserialized), Ok(value)) => {
                    let mut errors = validators
                        .errors(&api_version, &kind, &value)
                        .expect("covered kind");
                    // What the model writes back must be valid too (no nulls, no empty leftovers).
                    let rewritten = validators
                        .errors(&api_version, &kind, &reserialized)
                        .expect("covered kind");
                    errors.extend(
                        rewritten
                            .into_iter()
                            .map(|(at, e)| (at, format!("after round trip: {e}"))),
                    );
                    (!errors.is_empty()).then(|| format!("schema: {errors:?}"))
                }
            };
            if let Some(problem) = problem {
                failures.push((rel.clone(), doc.index, problem));
            }
        }
    }

    let total: usize = per_kind.values().sum();
    eprintln!(
        "catalog: {total} Tekton documents {per_kind:?}; {} exceptions; {skipped} other documents skipped",
        EXCEPTIONS.len()
    );
    let unexpected: Vec<_> = failures
        .iter()
        .filter(|(f, i, _)| !EXCEPTIONS.iter().any(|(ef, ei, _)| ef == f && ei == i))
        .collect();
    let fixed: Vec<_> = EXCEPTIONS
        .iter()
        .filter(|(ef, ei, _)| !failures.iter().any(|(f, i, _)| ef == f && ei == i))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} unexpected failures:\n{unexpected:#?}",
        unexpected.len()
    );
    assert!(
        fixed.is_empty(),
        "listed exceptions that now pass (remove them): {fixed:?}"
    );
    // Issue 2 asks for at most 1%, but the catalog itself holds 33 documents (2.9%) that
    // upstream rejects, each reviewed and listed above. The exact-set checks above already fail
    // on any new failure; this cap only stops the list from growing into a hiding place.
    assert!(
        EXCEPTIONS.len() * 1000 <= total * 30,
        "{} exceptions is more than 3% of {total} documents",
        EXCEPTIONS.len()
    );
    assert!(total > 1000, "only {total} Tekton documents found");
}
