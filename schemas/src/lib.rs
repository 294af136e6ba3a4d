//! The Tekton API model: typed `tekton.dev/v1`, `v1beta1` and `v1alpha1` resources and the JSON
//! Schemas generated from them.
//!
//! - [`v1`]: Task, Pipeline, TaskRun and PipelineRun in the storage version, with run status, usable
//!   with `kube::Api`.
//! - [`v1beta1`]: the same four kinds with their older field names, plus StepAction (its storage
//!   version).
//! - [`v1alpha1`]: StepAction, which upstream still serves in this version too.
//! - [`schema`]: the committed JSON Schema files as `serde_json::Value`s, and their generator.
//!
//! Every struct that users write rejects unknown fields, as Tekton's webhook does. Status
//! structs, which only the controller writes, accept unknown fields so that reading runs from a
//! newer cluster keeps working.
//!
//! ```
//! use tekton_model::{schema, v1};
//!
//! let yaml = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: hello}\nspec:\n  steps:\n    - image: alpine\n      script: echo hi\n";
//! let task: v1::Task = serde_saphyr::from_str(yaml).expect("a valid v1 Task");
//! assert_eq!(task.spec.steps[0].image.as_deref(), Some("alpine"));
//!
//! let schema = schema::for_kind("tekton.dev/v1", "Task").expect("modelled kind");
//! let validator = jsonschema::validator_for(schema).expect("self-contained schema");
//! assert!(validator.is_valid(&serde_json::to_value(&task).expect("serializable")));
//! ```
//!
//! Schema layout, editor setup and the modelling decisions are described in `schemas/README.md`.

mod kind;
pub mod pod;
pub mod schema;
pub mod status;
pub mod v1;
pub mod v1alpha1;
pub mod v1beta1;

pub use kind::TektonKind;
