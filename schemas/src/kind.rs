//! The top-level object shared by every Tekton kind: `apiVersion`, `kind`, `metadata`, `spec`
//! and, for runs, `status`.

/// What every top-level Tekton object type knows about itself; used by the schema generator and
/// by tests to go from `apiVersion` + `kind` to the Rust type.
pub trait TektonKind {
    /// The `apiVersion` value, e.g. `tekton.dev/v1`.
    const API_VERSION: &'static str;
    /// The `kind` value, e.g. `Task`.
    const KIND: &'static str;
}

/// Defines a top-level Tekton object type and implements [`kube_core::Resource`] for it, so it can
/// be used with `kube::Api`. Written by hand rather than with `kube::CustomResource` so the
/// struct keeps strict decoding and a schema with `const` `apiVersion`/`kind` and descriptions.
macro_rules! tekton_kind {
    (
        $(#[$attr:meta])*
        $kind:ident {
            version: $version:literal,
            plural: $plural:literal,
            spec: $spec:ty,
            $(status: $status:ty,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct $kind {
            /// The API group and version of this object.
            #[schemars(extend("const" = concat!("tekton.dev/", $version)))]
            pub api_version: String,
            /// The kind of this object.
            #[schemars(extend("const" = stringify!($kind)))]
            pub kind: String,
            /// Standard Kubernetes object metadata: name or generateName, namespace, labels,
            /// annotations.
            #[serde(default)]
            pub metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
            /// The desired state of this object.
            pub spec: $spec,
            $(
                /// The observed state, written by the Tekton controller.
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub status: Option<$status>,
            )?
        }

        impl $kind {
            /// A new object with the given name and spec, and `apiVersion`/`kind` filled in.
            pub fn new(name: &str, spec: $spec) -> Self {
                Self {
                    api_version: <Self as $crate::TektonKind>::API_VERSION.to_owned(),
                    kind: <Self as $crate::TektonKind>::KIND.to_owned(),
                    metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                        name: Some(name.to_owned()),
                        ..Default::default()
                    },
                    spec,
                    $(status: None::<$status>,)?
                }
            }
        }

        impl $crate::TektonKind for $kind {
            const API_VERSION: &'static str = concat!("tekton.dev/", $version);
            const KIND: &'static str = stringify!($kind);
        }

        impl kube_core::Resource for $kind {
            type DynamicType = ();
            type Scope = k8s_openapi::NamespaceResourceScope;

            fn kind(_: &()) -> std::borrow::Cow<'_, str> {
                stringify!($kind).into()
            }
            fn group(_: &()) -> std::borrow::Cow<'_, str> {
                "tekton.dev".into()
            }
            fn version(_: &()) -> std::borrow::Cow<'_, str> {
                $version.into()
            }
            fn plural(_: &()) -> std::borrow::Cow<'_, str> {
                $plural.into()
            }
            fn meta(&self) -> &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                &mut self.metadata
            }
        }
    };
}
pub(crate) use tekton_kind;
