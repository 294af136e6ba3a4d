//! Which `tekton.dev` version the cluster serves: one request for the group
//! (`GET /apis/tekton.dev`), not a full discovery of every API group, which is what makes tkn
//! slow on clusters with many CRDs.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::APIGroup;
use kube::Client;

use crate::error::{Action, Error, Result};
use crate::resource::{ApiVersion, GROUP};

/// The `tekton.dev` versions the cluster serves (v1 and v1beta1 only: older ones are not
/// supported).
#[derive(Clone, Debug)]
pub struct Served {
    pub versions: Vec<ApiVersion>,
}

impl Served {
    /// v1 when served, else v1beta1.
    pub fn preferred(&self) -> ApiVersion {
        if self.versions.contains(&ApiVersion::V1) {
            ApiVersion::V1
        } else {
            ApiVersion::V1beta1
        }
    }
}

pub async fn served(client: &Client, server: &str) -> Result<Served> {
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
    let versions: Vec<ApiVersion> = [ApiVersion::V1, ApiVersion::V1beta1]
        .into_iter()
        .filter(|ours| group.versions.iter().any(|v| v.version == ours.as_str()))
        .collect();
    if !versions.is_empty() {
        Ok(Served { versions })
    } else {
        Err(Error::Failed(format!(
            "the cluster at {server} serves only tekton.dev {}, which this plugin does not support: upgrade Tekton Pipelines (it needs v1beta1 or v1)",
            group
                .versions
                .iter()
                .map(|v| v.version.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }
}
