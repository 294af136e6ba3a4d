//! `tekton.dev/v1alpha1`: only StepAction is still served in this version. Its spec is the
//! same as in `v1beta1`.

pub use crate::v1beta1::StepActionSpec;

crate::kind::tekton_kind! {
    /// A StepAction (`tekton.dev/v1alpha1`, still served; `v1beta1` is the storage version):
    /// a reusable step that Task steps run with `ref`.
    StepAction {
        version: "v1alpha1",
        plural: "stepactions",
        spec: StepActionSpec,
    }
}
