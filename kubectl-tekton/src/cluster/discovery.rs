//! Which `tekton.dev` version the cluster serves: one request for the group
//! (`GET /apis/tekton.dev`), not a full discovery of every API group, which is what makes tkn
//! slow on clusters with many CRDs.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::APIGroup;
use kube::Client;

use crate::error::{Action, Error, Result};
use crate::resource::{ApiVersion, GROUP};

pub async fn tekton_version(client: &Client, server: &str) -> Result<ApiVersion> {
    let request = http::Request::get(format!("/apis/{GROUP}"))
        .body(Vec::new())
        .map_err(|error| Error::Failed(format!("cannot build the discovery request: {error}")))?;
    let group: APIGroup = match client.request(request).await {
        Ok(group) => group,
        Err(kube::Error::Api(status)) if status.code == 404 => {
            return Err(Error::TektonMissing {
                server: server.to_owned(),
            });
        }
        Err(error) => {
            let action = Action::on("get", "apis/tekton.dev", "API group", None);
            return Err(Error::from_kube(error, &action, server));
        }
    };
    let served = |version: &str| group.versions.iter().any(|v| v.version == version);
    if served("v1") {
        Ok(ApiVersion::V1)
    } else if served("v1beta1") {
        Ok(ApiVersion::V1beta1)
    } else {
        Err(Error::Failed(format!(
            "the cluster at {server} serves only tekton.dev {}, which this plugin does not support: upgrade Tekton Pipelines to v0.44 or later",
            group
                .versions
                .iter()
                .map(|v| v.version.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }
}
