//! Typed decoding of hand-written documents: field names, status, kube resource metadata.

use kube_core::Resource;
use tekton_model::v1::{ParamValue, TaskRun};

const TASKRUN: &str = r#"
apiVersion: tekton.dev/v1
kind: TaskRun
metadata:
  name: build-1
spec:
  params:
    - name: flag
      value: true
    - name: list
      value: [a, b]
  taskRef:
    name: build
  timeout: 1h
status:
  podName: build-1-pod
  conditions:
    - type: Succeeded
      status: "False"
      reason: Failed
  steps:
    - name: compile
      container: step-compile
      terminated:
        exitCode: 2
        reason: Error
  someFutureField: tolerated
"#;

#[test]
fn taskrun_with_status_decodes() {
    let run: TaskRun = serde_saphyr::from_str(TASKRUN).expect("valid TaskRun");
    assert_eq!(run.spec.params[0].value, ParamValue::String("true".into()));
    assert_eq!(
        run.spec.params[1].value,
        ParamValue::Array(vec!["a".into(), "b".into()])
    );
    let status = run.status.as_ref().expect("status");
    assert_eq!(status.pod_name.as_deref(), Some("build-1-pod"));
    assert_eq!(
        status
            .status
            .condition("Succeeded")
            .map(|c| c.status.as_str()),
        Some("False")
    );
    let exit = status.steps[0]
        .state
        .terminated
        .as_ref()
        .map(|t| t.exit_code);
    assert_eq!(exit, Some(2));
}

#[test]
fn spec_rejects_unknown_fields() {
    let doc = TASKRUN.replace("  timeout: 1h", "  timeoutt: 1h");
    let err = serde_saphyr::from_str::<TaskRun>(&doc).expect_err("unknown field");
    assert!(err.to_string().contains("timeoutt"), "{err}");
}

#[test]
fn kube_resource_metadata() {
    assert_eq!(TaskRun::api_version(&()), "tekton.dev/v1");
    assert_eq!(
        TaskRun::url_path(&(), Some("ci")),
        "/apis/tekton.dev/v1/namespaces/ci/taskruns"
    );
    let run = TaskRun::new("x", Default::default());
    let json = serde_json::to_value(&run).expect("serializable");
    assert_eq!(json["kind"], "TaskRun");
    assert_eq!(json["spec"], serde_json::json!({}));
}
