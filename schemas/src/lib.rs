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

mod kind;
pub mod pod;
pub mod schema;
pub mod status;
pub mod v1;
pub mod v1alpha1;
pub mod v1beta1;

pub use kind::TektonKind;
