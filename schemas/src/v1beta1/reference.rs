//! v1beta1 references: as in v1, plus the `bundle` field.

use super::Param;
use crate::v1::reference::{pipeline_ref, task_ref};

task_ref! {
    /// An OCI bundle holding the Task. Rejected by Tekton on create: use the `bundles`
    /// resolver instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true, "deprecationMessage" = "Tekton rejects `bundle`; use `resolver: bundles` with `params` instead."))]
    pub bundle: Option<String>,
}

pipeline_ref! {
    /// An OCI bundle holding the Pipeline. Rejected by Tekton on create: use the `bundles`
    /// resolver instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true, "deprecationMessage" = "Tekton rejects `bundle`; use `resolver: bundles` with `params` instead."))]
    pub bundle: Option<String>,
}
