//! References from a pipeline task or run to the Task or Pipeline it runs.

/// Defines `TaskRef` with the fields every version has, plus the given ones.
macro_rules! task_ref {
    ($($fields:tt)*) => {
        /// Which Task (or custom task) to run: by name in the namespace, or fetched by a
        /// resolver.
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct TaskRef {
            /// The name of a Task in the run's namespace.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// `Task` (the default), or the kind of a custom task together with `apiVersion`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub kind: Option<String>,
            /// The API version of a custom task's kind.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub api_version: Option<String>,
            /// The resolver that fetches the Task from elsewhere, e.g. `git`, `hub`, `bundles`,
            /// `http` or `cluster`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub resolver: Option<String>,
            /// Parameters of the resolver, e.g. repository URL and path.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub params: Vec<Param>,
            $($fields)*
        }
    };
}
pub(crate) use task_ref;

/// Defines `PipelineRef` with the fields every version has, plus the given ones.
macro_rules! pipeline_ref {
    ($($fields:tt)*) => {
        /// Which Pipeline to run: by name in the namespace, or fetched by a resolver.
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct PipelineRef {
            /// The name of a Pipeline in the run's namespace.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// The API version of the referenced Pipeline.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub api_version: Option<String>,
            /// The resolver that fetches the Pipeline from elsewhere, e.g. `git`, `hub`,
            /// `bundles`, `http` or `cluster`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub resolver: Option<String>,
            /// Parameters of the resolver, e.g. repository URL and path.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub params: Vec<Param>,
            $($fields)*
        }
    };
}
pub(crate) use pipeline_ref;

use super::Param;

task_ref! {}
pipeline_ref! {}
