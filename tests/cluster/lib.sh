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
# Started on demand (restart-apiserver --spare or --bare), stopped by down first.
KT_OPTIONAL_COMPONENTS=(kube-apiserver-spare kube-apiserver-bare)

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
# A second API server on the same etcd, which tests may restart without disturbing
# anyone else's (restart-apiserver --spare).
SPARE_APISERVER_PORT=${KT_SPARE_APISERVER_PORT:-16444}
KT_SPARE_KUBECONFIG=$KT_RUN/kubeconfig-spare
# A third one on the same etcd under its own key prefix: an empty cluster, without
# Tekton's CRDs (restart-apiserver --bare), for tests of a cluster Tekton is not on.
BARE_APISERVER_PORT=${KT_BARE_APISERVER_PORT:-16445}
KT_BARE_KUBECONFIG=$KT_RUN/kubeconfig-bare
BARE_ETCD_PREFIX=/kt-bare
KCM_PORT=10257
SCHEDULER_PORT=10259
KUBELET_PORT=10250
KWOK_SERVER_PORT=10247
TEKTON_PROBES_PORT=18080
TEKTON_METRICS_PORT=19090
TEKTON_PROFILING_PORT=18008
NODE_NAME=kt-node

KT_CLUSTER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KT_LOGD_SRC=$KT_CLUSTER_DIR/kt-logd
KT_LOGD_BIN=$KT_CACHE/kt-logd-$(cat "$KT_LOGD_SRC"/go.mod "$KT_LOGD_SRC"/*.go | sha1sum | cut -c1-12)/kt-logd

# The executable each component runs, for checking that a pid is still ours.
component_binary() {
  case $1 in
    tekton-controller) echo "$KT_BIN/controller" ;;
    kt-logd) echo "$KT_LOGD_BIN" ;;
    kube-apiserver-spare | kube-apiserver-bare) echo "$KT_BIN/kube-apiserver" ;;
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

# The pid in NAME's pidfile when it still runs an older build of NAME (kt-logd's
# binary path changes with its source), so that it can be stopped before the new one
# takes its port.
stale_pid() {
  local f pid exe want
  f=$(pidfile "$1")
  [ -f "$f" ] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  want=$(component_binary "$1")
  [ "$exe" != "$want" ] && [ "$(basename "$exe")" = "$(basename "$want")" ] && [[ $exe == "$KT_CACHE"/* ]] || return 1
  echo "$pid"
}

# stop_pid NAME PID: SIGTERM, up to 10 s to exit, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    [ -e "/proc/$pid" ] || return 0
    sleep 0.2
  done
  log "$name did not stop in 10s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

# start NAME ARGS...: runs the component's binary detached, logging to logs/NAME.log,
# unless this run folder already has it running with the same arguments. One running
# with other arguments (an older `up`, say, before the audit log) is restarted.
start() {
  local name=$1 pid args; shift
  args=$(printf '%q ' "$@")
  if pid=$(stale_pid "$name"); then
    stop_pid "$name" "$pid"
  fi
  if pid=$(running_pid "$name"); then
    local running
    mapfile -d '' running <"/proc/$pid/cmdline"
    if [ "$(printf '%q ' "${running[@]:1}")" = "$args" ]; then
      log "$name already running (pid $pid)"
      return
    fi
    log "$name runs with other flags: restarting it"
    stop_pid "$name" "$pid"
  fi
  log "starting $name"
  # 9>&-: the daemons must not inherit (and so hold) the run folder's lock.
  setsid "$(component_binary "$name")" "$@" >>"$KT_RUN/logs/$name.log" 2>&1 </dev/null 9>&- 8>&- &
  echo $! >"$(pidfile "$name")"
}

# wait_for NAME SECONDS COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local name=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    running_pid "$name" >/dev/null || die "$name exited; see $KT_RUN/logs/$name.log"
    ((SECONDS < deadline)) || die "$name not ready after ${secs}s; see $KT_RUN/logs/$name.log"
    sleep 0.5
  done
}

# start_apiserver NAME PORT [FLAG...]: kube-apiserver on PORT, with an audit log of every
# request in logs/audit.log (audit-NAME-suffix.log for another instance), and FLAGs.
start_apiserver() {
  local name=$1 port=$2 pki=$KT_RUN/pki audit=$KT_RUN/logs/audit.log
  shift 2
  [ "$name" = kube-apiserver ] || audit=$KT_RUN/logs/audit-${name#kube-apiserver-}.log
  cp "$KT_CLUSTER_DIR/audit-policy.yaml" "$KT_RUN/audit-policy.yaml"
  start "$name" --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" --client-ca-file="$pki/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$pki/sa.key" \
    --service-account-signing-key-file="$pki/sa.key" --service-cluster-ip-range=10.0.0.0/24 \
    --authorization-mode=RBAC --allow-privileged=true --endpoint-reconciler-type=none \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --audit-policy-file="$KT_RUN/audit-policy.yaml" --audit-log-path="$audit" --audit-log-format=json \
    --audit-log-maxsize=200 --audit-log-maxbackup=2 "$@"
}

# Serialises up and down (two test runs may start at once); waits for the other one.
lock_run_folder() {
  mkdir -p "$KT_RUN"
  exec 9>"$KT_RUN/.lock"
  flock 9
}
