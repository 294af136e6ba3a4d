//! Test support for the local Tekton cluster that `tests/cluster/up` starts.
//!
//! [`Cluster::connect`] reads the kubeconfig `up` wrote, [`Cluster::namespace`] gives a
//! test its own namespace that is deleted when the guard drops, and [`RunScript`]
//! builds the annotations that tell the fake kubelet what a TaskRun's steps print and
//! how they exit (see `tests/cluster/README.md`).
//!
//! Tests that need the cluster are `#[ignore]`d so a plain `cargo test` skips them;
//! `tests/run-all` starts the cluster and runs them with `--include-ignored`. Run
//! without a cluster, they fail at [`Cluster::connect`] instead of passing.

mod script;

use std::path::{Path, PathBuf};
use std::time::Duration;

use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use k8s_openapi::serde::de::DeserializeOwned;
use kube::api::{DeleteParams, ObjectMeta, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};
use kube::runtime::wait::await_condition;
use kube::{Api, Client, Config, Resource};

pub use script::{RunScript, StepScript};

/// Overrides where the kubeconfig is read from.
pub const KUBECONFIG_ENV: &str = "KT_KUBECONFIG";

#[derive(thiserror::Error)]
pub enum Error {
    #[error(
        "no kubeconfig at {0}: start the local cluster with tests/cluster/up (or set {KUBECONFIG_ENV})"
    )]
    NoKubeconfig(PathBuf),
    #[error("reading kubeconfig {path}")]
    Kubeconfig {
        path: PathBuf,
        #[source]
        source: KubeconfigError,
    },
    #[error(
        "the API server named in {kubeconfig} does not answer: start the local cluster with tests/cluster/up"
    )]
    Unreachable {
        kubeconfig: PathBuf,
        #[source]
        source: kube::Error,
    },
    #[error("Kubernetes API")]
    Kube(#[from] kube::Error),
    #[error("timed out after {0:?} waiting for {1}")]
    Timeout(Duration, String),
    #[error("waiting for {0}")]
    Wait(String, #[source] kube::runtime::wait::Error),
    #[error("starting a runtime to delete namespace {0}")]
    Runtime(String, #[source] std::io::Error),
}

// Tests report errors through `expect`, which prints Debug: show the message and its
// causes (which say what to do) rather than the variant's fields.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")?;
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// Where `tests/cluster/up` writes the kubeconfig, following the same variables as the
/// scripts: `KT_KUBECONFIG`, else `$KT_RUN/kubeconfig`, else
/// `${KT_CACHE:-$HOME/.cache/kt-testenv}/run/kubeconfig`.
pub fn kubeconfig_path() -> PathBuf {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(path) = var(KUBECONFIG_ENV) {
        return path;
    }
    if let Some(run) = var("KT_RUN") {
        return run.join("kubeconfig");
    }
    let cache = var("KT_CACHE").unwrap_or_else(|| {
        var("HOME")
            .unwrap_or_else(|| PathBuf::from("/"))
            .join(".cache/kt-testenv")
    });
    cache.join("run/kubeconfig")
}

/// A connection to the local test cluster.
#[derive(Clone)]
pub struct Cluster {
    client: Client,
    kubeconfig: PathBuf,
}

impl Cluster {
    /// Connects through the kubeconfig at [`kubeconfig_path`].
    pub async fn connect() -> Result<Self, Error> {
        Self::connect_with(&kubeconfig_path()).await
    }

    pub async fn connect_with(kubeconfig: &Path) -> Result<Self, Error> {
        let client = client_from(kubeconfig).await?;
        // Fail here, with a clear message, rather than in the middle of a test.
        client
            .apiserver_version()
            .await
            .map_err(|source| Error::Unreachable {
                kubeconfig: kubeconfig.to_path_buf(),
                source,
            })?;
        Ok(Self {
            client,
            kubeconfig: kubeconfig.to_path_buf(),
        })
    }

    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// Creates a fresh namespace named after `prefix` and waits until its `default`
    /// ServiceAccount exists (Tekton's pods run as it). The namespace is deleted when
    /// the returned guard drops, also when the test panics.
    pub async fn namespace(&self, prefix: &str) -> Result<TestNamespace, Error> {
        let namespaces: Api<Namespace> = Api::all(self.client.clone());
        let mut generate_name: String = format!("kt-{prefix}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .take(40)
            .collect();
        generate_name.push('-');
        let ns = Namespace {
            metadata: ObjectMeta {
                generate_name: Some(generate_name),
                labels: Some([("kt.test/test-namespace".to_owned(), "true".to_owned())].into()),
                ..ObjectMeta::default()
            },
            ..Namespace::default()
        };
        let created = namespaces.create(&PostParams::default(), &ns).await?;
        let name = created.metadata.name.unwrap_or_default();
        let guard = TestNamespace {
            name,
            kubeconfig: self.kubeconfig.clone(),
        };
        let accounts: Api<ServiceAccount> = Api::namespaced(self.client.clone(), &guard.name);
        wait_for(
            &accounts,
            "default",
            Duration::from_secs(30),
            |_: &ServiceAccount| true,
        )
        .await?;
        Ok(guard)
    }

    /// An API for namespaced objects of type `K` in `ns`.
    pub fn api<K>(&self, ns: &TestNamespace) -> Api<K>
    where
        K: Resource<Scope = k8s_openapi::NamespaceResourceScope>,
        K::DynamicType: Default,
    {
        Api::namespaced(self.client.clone(), ns.name())
    }
}

async fn client_from(kubeconfig: &Path) -> Result<Client, Error> {
    if !kubeconfig.is_file() {
        return Err(Error::NoKubeconfig(kubeconfig.to_path_buf()));
    }
    let kc_err = |source| Error::Kubeconfig {
        path: kubeconfig.to_path_buf(),
        source,
    };
    let kc = Kubeconfig::read_from(kubeconfig).map_err(kc_err)?;
    let config = Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .map_err(kc_err)?;
    Ok(Client::try_from(config)?)
}

/// A namespace that exists for one test; dropping it deletes the namespace.
#[derive(Debug)]
pub struct TestNamespace {
    name: String,
    kubeconfig: PathBuf,
}

impl TestNamespace {
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestNamespace {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be unwinding from a panic, so
        // delete through a fresh client on a thread with its own runtime.
        let name = self.name.clone();
        let kubeconfig = self.kubeconfig.clone();
        let deleted = std::thread::spawn(move || -> Result<(), Error> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::Runtime(name.clone(), e))?;
            runtime.block_on(async {
                let namespaces: Api<Namespace> = Api::all(client_from(&kubeconfig).await?);
                namespaces
                    .delete(&name, &DeleteParams::background())
                    .await?;
                Ok(())
            })
        })
        .join();
        match deleted {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("could not delete test namespace {}: {e}", self.name),
            Err(_) => eprintln!("deleting test namespace {} panicked", self.name),
        }
    }
}

/// Waits until the object `name` exists and `done` holds for it, for at most `timeout`.
pub async fn wait_for<K>(
    api: &Api<K>,
    name: &str,
    timeout: Duration,
    done: impl Fn(&K) -> bool,
) -> Result<K, Error>
where
    K: Resource + Clone + DeserializeOwned + std::fmt::Debug + Send + 'static,
    K::DynamicType: Default + Eq + std::hash::Hash + Clone,
{
    let what = format!("{} {name}", K::kind(&K::DynamicType::default()));
    let cond = move |obj: Option<&K>| obj.is_some_and(&done);
    match tokio::time::timeout(timeout, await_condition(api.clone(), name, cond)).await {
        Err(_) => Err(Error::Timeout(timeout, what)),
        Ok(Err(e)) => Err(Error::Wait(what, e)),
        Ok(Ok(Some(obj))) => Ok(obj),
        // await_condition only returns once the condition held, i.e. for Some.
        Ok(Ok(None)) => Err(Error::Timeout(timeout, what)),
    }
}
