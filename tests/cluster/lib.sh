# Shared settings for up, down, status and build. Sourced, not executed.
# Pinned versions: changing any of them (or the Go toolchain) changes the binary cache key.
K8S_VERSION=1.36.3
ETCD_VERSION=3.6.16
KWOK_VERSION=0.8.0
TEKTON_VERSION=1.15.0

export GOTOOLCHAIN=local CGO_ENABLED=0
KT_CACHE=${KT_CACHE:-$HOME/.cache/kt-testenv}
KT_RUN=${KT_RUN:-$KT_CACHE/run}
KT_BIN=$KT_CACHE/bin-$(echo "$K8S_VERSION $ETCD_VERSION $KWOK_VERSION $TEKTON_VERSION $(go version)" | sha1sum | cut -c1-12)
KT_KUBECONFIG=$KT_RUN/kubeconfig
KT_BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok controller)
# Start order; down stops them in reverse.
KT_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok kt-logd tekton-controller)

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

binaries_present() {
  local b
  for b in "${KT_BINARIES[@]}"; do [ -x "$KT_BIN/$b" ] || return 1; done
}

# Loopback ports. The kubelet port is kt-logd's; kwok's own server moves aside.
ETCD_CLIENT_PORT=${KT_ETCD_PORT:-23790}
ETCD_PEER_PORT=${KT_ETCD_PEER_PORT:-23800}
APISERVER_PORT=${KT_APISERVER_PORT:-16443}
KCM_PORT=10257
SCHEDULER_PORT=10259
KUBELET_PORT=10250
KWOK_SERVER_PORT=10247
TEKTON_PROBES_PORT=18080
TEKTON_METRICS_PORT=19090
TEKTON_PROFILING_PORT=18008
NODE_NAME=kt-node

KT_LOGD_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kt-logd
KT_LOGD_BIN=$KT_CACHE/kt-logd-$(cat "$KT_LOGD_SRC"/go.mod "$KT_LOGD_SRC"/*.go | sha1sum | cut -c1-12)/kt-logd

# The executable each component runs, for checking that a pid is still ours.
component_binary() {
  case $1 in
    tekton-controller) echo "$KT_BIN/controller" ;;
    kt-logd) echo "$KT_LOGD_BIN" ;;
    *) echo "$KT_BIN/$1" ;;
  esac
}

pidfile() { echo "$KT_RUN/pids/$1.pid"; }

# Prints the pid of a running component that this run folder started, or fails.
running_pid() {
  local f pid exe
  f=$(pidfile "$1")
  [ -f "$f" ] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  # The pid may have been reused by an unrelated process since.
  [ "$exe" = "$(component_binary "$1")" ] || return 1
  echo "$pid"
}

kc() { "$KT_BIN/kubectl" --kubeconfig="$KT_KUBECONFIG" "$@"; }

# Serialises up and down (two test runs may start at once); waits for the other one.
lock_run_folder() {
  mkdir -p "$KT_RUN"
  exec 9>"$KT_RUN/.lock"
  flock 9
}
