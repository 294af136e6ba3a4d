//! The Tekton API model: typed `tekton.dev/v1` and `v1beta1` resources and the JSON Schemas
//! generated from them.
