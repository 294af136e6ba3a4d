//! Schema diagnostics with the generated Tekton schemas (tekton-model), on documents shaped
//! like real ones (Tekton rules off, so only the schema's findings show).

mod common;

use tekton_analysis::{AnalysisConfig, analyze_file};

fn check(text: &str) -> String {
    let config = common::schema_rules_only(AnalysisConfig::default());
    common::render(text, &analyze_file(text, &config).diagnostics)
}

#[test]
fn pipeline_with_typical_mistakes() {
    insta::assert_snapshot!(check(
        r#"apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: broken-build
spec:
  params:
    - name: image
      type: strng
      default: 3
  tasks:
    - name: build
      runafter: [fetch]
      retries: three
      onError: ignore-it
      taskRef:
        name: build-image
      params:
        - name: image
          value: [a, {b: c}]
    - name: deploy
      taskSpec:
        steps:
          - name: apply
            image: bitnami/kubectl
            scirpt: kubectl apply
            env:
              - name: X
                valueFrom: {secretKeyRef: {key: k}}
"#
    ));
}

#[test]
fn task_and_runs() {
    insta::assert_snapshot!(check(
        r#"apiVersion: tekton.dev/v1beta1
kind: Task
metadata: {name: t}
spec:
  steps:
    - image: alpine
      resources: {limits: {cpu: 1}}
      timeout: 5m
  sidecars: [{image: redis, ports: [{containerPort: "6379"}]}]
---
apiVersion: tekton.dev/v1
kind: TaskRun
metadata: {generateName: t-}
spec:
  taskRef: {name: t}
  params: [{name: p, value: yes}]
  timeout: 1h
  podTemplate: {nodeSelector: {disk: ssd}}
---
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: {name: r}
spec:
  pipelineRef: {name: p}
  taskRunTemplate: {serviceAccountName: 5}
  workspaces: [{name: w, emptyDir: {}}, {name: v, persistentVolumeClaim: {}}]
"#
    ));
}
