//! The connection to the cluster, shared by every command that needs one.
//!
//! [`Cluster::connect`] loads the kubeconfig as kubectl does ([`kubeconfig`]) and builds a
//! client (rustls, client certificates, bearer tokens and exec credential plugins all come from
//! kube). Nothing is sent until a command makes a request. [`Cluster::tekton_version`] finds
//! out, with one request on the first call, whether the cluster serves `tekton.dev/v1` or only
//! `v1beta1` ([`discovery`]; [`Cluster::serves`] answers from the same request); [`Cluster::api`] gives an `Api` for a Tekton kind in that
//! version. Every failure comes back as a one-sentence [`Error`] through [`Cluster::fail`].

mod discovery;
mod kubeconfig;

use http::{HeaderName, HeaderValue};
use kube::api::{DynamicObject, ListParams, PostParams};
use kube::core::PartialObjectMeta;
use kube::{Api, Client};
use tekton_analysis::rules::did_you_mean;
use tokio::sync::OnceCell;

use crate::cli::ConnectionArgs;
use crate::error::{Action, Error, Result};
use crate::resource::{ApiVersion, Kind};

/// What the plugin says it is in every request (the audit log shows it).
pub const USER_AGENT: &str = concat!("kubectl-tekton/", env!("CARGO_PKG_VERSION"));

/// Page size when a command needs every object of a kind (as kubectl's `--chunk-size`).
pub const PAGE_SIZE: u32 = 500;

pub use kubeconfig::contexts;

pub struct Cluster {
    client: Client,
    namespace: String,
    /// The API server's address, for messages.
    server: String,
    tekton: OnceCell<discovery::Served>,
}

impl Cluster {
    /// Loads the kubeconfig (`--kubeconfig`, `KUBECONFIG`, `~/.kube/config`, in-cluster) and
    /// builds a client for the chosen context. Sends nothing.
    pub async fn connect(args: &ConnectionArgs) -> Result<Cluster> {
        let mut loaded = kubeconfig::load(args).await?;
        loaded.config.headers.push((
            HeaderName::from_static("user-agent"),
            HeaderValue::from_static(USER_AGENT),
        ));
        if let Some(timeout) = args.request_timeout.as_ref().map(|t| t.duration) {
            loaded.config.read_timeout = Some(timeout);
            loaded.config.connect_timeout = Some(timeout);
        }
        let server = loaded.config.cluster_url.to_string();
        let server = server.trim_end_matches('/').to_owned();
        // Building the client reads certificates and keys (and runs an exec credential
        // plugin); nothing is sent yet.
        let client = Client::try_from(loaded.config).map_err(|error| match error {
            // An exec credential plugin runs as the client is built.
            kube::Error::Auth(cause) => Error::Credentials {
                server: server.clone(),
                cause: crate::error::credentials_cause(&cause),
            },
            other => Error::Failed(format!(
                "cannot set up a client for {server} ({other}): check the certificates and keys the kubeconfig names"
            )),
        })?;
        Ok(Cluster {
            client,
            namespace: loaded.namespace,
            server,
            tekton: OnceCell::new(),
        })
    }

    /// The namespace commands act in: `-n`, else the context's, else `default`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// The API server's address, for messages.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Turns a client error of `action` into the plugin's one-sentence error.
    pub fn fail(&self, action: Action) -> impl Fn(kube::Error) -> Error + '_ {
        move |error| Error::from_kube(error, &action, &self.server)
    }

    /// An action on `kind` in this cluster's namespace.
    pub fn action(&self, verb: &'static str, kind: Kind) -> Action {
        Action::new(verb, kind, Some(&self.namespace))
    }

    /// The `tekton.dev` version to use: `v1` when served, else `v1beta1`. One request, on
    /// the first call only.
    pub async fn tekton_version(&self) -> Result<ApiVersion> {
        Ok(self.served().await?.preferred())
    }

    /// Whether the cluster serves `version` of `tekton.dev` (same single request).
    pub async fn serves(&self, version: ApiVersion) -> Result<bool> {
        Ok(self.served().await?.versions.contains(&version))
    }

    async fn served(&self) -> Result<&discovery::Served> {
        self.tekton
            .get_or_try_init(|| discovery::served(&self.client, &self.server))
            .await
    }

    /// An API for `kind` in `namespace` (`None`: all namespaces), in the preferred version.
    pub async fn api(&self, kind: Kind, namespace: Option<&str>) -> Result<Api<DynamicObject>> {
        Ok(self.api_in(kind, self.tekton_version().await?, namespace))
    }

    /// An API for `kind` in `version` (which the caller knows the cluster serves).
    pub fn api_in(
        &self,
        kind: Kind,
        version: ApiVersion,
        namespace: Option<&str>,
    ) -> Api<DynamicObject> {
        let resource = kind.api_resource(version);
        match namespace {
            Some(namespace) => Api::namespaced_with(self.client.clone(), namespace, &resource),
            None => Api::all_with(self.client.clone(), &resource),
        }
    }

    /// Creates `object` (JSON) as a `kind` in `version`, in its own namespace or else in
    /// this cluster's.
    pub async fn create(
        &self,
        kind: Kind,
        version: ApiVersion,
        object: &serde_json::Value,
    ) -> Result<DynamicObject> {
        if !self.serves(version).await? {
            return Err(Error::Failed(format!(
                "the cluster does not serve tekton.dev/{}: write the {kind} in tekton.dev/{}",
                version.as_str(),
                self.tekton_version().await?.as_str()
            )));
        }
        let object: DynamicObject = serde_json::from_value(object.clone())
            .map_err(|e| Error::Failed(format!("cannot build the {kind}: {e}")))?;
        let namespace = object
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| self.namespace.clone());
        let mut action = Action::new("create", kind, Some(&namespace));
        action.name = object.metadata.name.clone();
        self.api_in(kind, version, Some(&namespace))
            .create(&PostParams::default(), &object)
            .await
            .map_err(self.fail(action))
    }

    /// The object `name` of `kind` in the namespace. When it does not exist, the error
    /// names the closest existing name.
    pub async fn get(&self, kind: Kind, name: &str) -> Result<DynamicObject> {
        let api = self.api(kind, Some(&self.namespace)).await?;
        let action = self.action("get", kind).named(name);
        match api.get(name).await.map_err(self.fail(action)) {
            Err(Error::NotFound {
                kind: kind_name,
                resource,
                name,
                namespace,
                ..
            }) => {
                // A suggestion is a nicety: if listing fails too, report the missing object.
                let names = self.names(kind, None).await.unwrap_or_default();
                let closest =
                    did_you_mean(&name, names.iter().map(String::as_str)).map(str::to_owned);
                Err(Error::NotFound {
                    kind: kind_name,
                    resource,
                    name,
                    namespace,
                    closest,
                })
            }
            other => other,
        }
    }

    /// The names of the objects of `kind` in the namespace, at most `limit` of them (all when
    /// `None`).
    pub async fn names(&self, kind: Kind, limit: Option<u32>) -> Result<Vec<String>> {
        let mut names = Vec::new();
        let page_size = limit.unwrap_or(PAGE_SIZE).min(PAGE_SIZE);
        self.metadata_pages(kind, None, page_size, |page| {
            names.extend(page.into_iter().filter_map(|o| o.metadata.name));
            limit.is_none_or(|limit| names.len() < limit as usize)
        })
        .await?;
        Ok(names)
    }

    /// Lists the metadata (only) of `kind` in the namespace, `page_size` objects at a time,
    /// handing each page to `visit` until it returns `false` or the list ends.
    pub async fn metadata_pages(
        &self,
        kind: Kind,
        selector: Option<&str>,
        page_size: u32,
        mut visit: impl FnMut(Vec<PartialObjectMeta<DynamicObject>>) -> bool,
    ) -> Result<()> {
        let api = self.api(kind, Some(&self.namespace)).await?;
        let mut params = ListParams::default().limit(page_size);
        if let Some(selector) = selector {
            params = params.labels(selector);
        }
        loop {
            let page = api
                .list_metadata(&params)
                .await
                .map_err(self.fail(self.action("list", kind)))?;
            let more = visit(page.items);
            match page.metadata.continue_.filter(|c| !c.is_empty()) {
                Some(token) if more => params = params.continue_token(&token),
                _ => return Ok(()),
            }
        }
    }

    /// Lists `kind` page by page (each page at most `page_size`), handing each page to
    /// `visit`, until `visit` returns `false` or the list ends. Returns the `resourceVersion`
    /// of the last page, for a watch that continues from it.
    pub async fn list_pages(
        &self,
        kind: Kind,
        namespace: Option<&str>,
        params: ListParams,
        mut visit: impl FnMut(Vec<DynamicObject>, Option<i64>) -> bool,
    ) -> Result<Option<String>> {
        let api = self.api(kind, namespace).await?;
        let action = Action::new("list", kind, namespace);
        let mut params = params;
        loop {
            let page = api.list(&params).await.map_err(self.fail(action.clone()))?;
            let remaining = page.metadata.remaining_item_count;
            let more = visit(page.items, remaining);
            match page.metadata.continue_.filter(|c| !c.is_empty()) {
                Some(token) if more => params = params.continue_token(&token),
                _ => return Ok(page.metadata.resource_version),
            }
        }
    }
}
