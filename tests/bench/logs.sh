#!/usr/bin/env bash
# Side-by-side benchmark: `kubectl tekton logs` (release build) and `tkn pipelinerun logs`
# (a released tkn built from the Go module proxy by tests/bench/tkn/build), in the same run,
# on the local test cluster (tests/cluster/up; started here if it is not running).
#
#   tests/bench/logs.sh [RUNS]
#
# 1. A finished PipelineRun of 5 tasks printing 2,000 lines each (10,000 lines): each tool
#    prints it RUNS times (default 5), alternating, to /dev/null; median wall time; the
#    number of API requests each makes, from the API server's audit log by user agent
#    (`kubectl-tekton/...`, `tkn/...`).
# 2. A live 5-task run followed by both tools at once (-f): each one's requests, beside the
#    number of status updates Tekton wrote to the run and its TaskRuns meanwhile.
# Not part of tests/run-all. Needs cargo, go, python3 and the cluster's build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tekton-tools/target}"
run_dir="${KT_RUN:-${KT_CACHE:-$HOME/.cache/kt-testenv}/run}"
audit="$run_dir/logs/audit.log"

"$root/tests/cluster/up" >&2
export KUBECONFIG="$run_dir/kubeconfig"
kubectl="$(ls -d "${KT_CACHE:-$HOME/.cache/kt-testenv}"/bin-*/ | head -1)kubectl"
tkn="$("$here/tkn/build")"
cargo build --release --locked -p kubectl-tekton --manifest-path "$root/Cargo.toml" >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"; [ -n "${ns:-}" ] && "$kubectl" delete namespace "$ns" --wait=false >/dev/null 2>&1' EXIT
# A private copy: the shared target directory may be rebuilt by someone else meanwhile.
ours="$tmp/kubectl-tekton"
cp "$CARGO_TARGET_DIR/release/kubectl-tekton" "$ours"

ns="kt-bench-logs-$$"
"$kubectl" create namespace "$ns" >/dev/null
until "$kubectl" -n "$ns" get serviceaccount default >/dev/null 2>&1; do sleep 0.2; done

# pipeline NAME DURATION LOG: a PipelineRun of 5 parallel tasks whose step prints LOG.
pipeline() {
    local tasks=""
    for i in 1 2 3 4 5; do
        tasks="$tasks
      - name: task-$i
        taskSpec:
          steps:
            - {name: print, image: docker.io/library/alpine, script: 'true'}"
    done
    cat <<EOF
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  name: $1
  annotations:
    kt.test/duration: $2
    kt.test/log.step-print: |
      $3
spec:
  pipelineSpec:
    tasks:$tasks
EOF
}

now() { date -u +%Y-%m-%dT%H:%M:%S.%NZ; }

# requests SINCE UNTIL AGENT_PREFIX: the requests of that user agent in the window.
requests() {
    python3 - "$audit" "$1" "$2" "$3" <<'EOF'
import json, sys
path, since, until, agent = sys.argv[1:]
seen = set()
for line in open(path, errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    t = e.get("requestReceivedTimestamp", "")
    if since[:26] <= t[:26] <= until[:26] and e.get("userAgent", "").startswith(agent):
        seen.add(e["auditID"])
print(len(seen))
EOF
}

# updates SINCE UNTIL: status writes by the Tekton controller to runs in the namespace.
updates() {
    python3 - "$audit" "$1" "$2" "$ns" <<'EOF'
import json, sys
path, since, until, ns = sys.argv[1:]
seen = set()
for line in open(path, errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    t = e.get("requestReceivedTimestamp", "")
    uri = e.get("requestURI", "")
    if (since[:26] <= t[:26] <= until[:26] and e.get("verb") in ("update", "patch")
            and f"/namespaces/{ns}/" in uri and ("/pipelineruns/" in uri or "/taskruns/" in uri)):
        seen.add(e["auditID"])
print(len(seen))
EOF
}

# The audit log is written as requests complete: wait until a marker request shows.
settle() {
    local marker="kt-bench-marker-$RANDOM$RANDOM"
    "$kubectl" get namespace "$marker" >/dev/null 2>&1 || true
    until grep -q "$marker" "$audit"; do sleep 0.1; done
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== finished run: 5 tasks x 2,000 lines" >&2
pipeline finished 1s "!seq 2000 0s line" | "$kubectl" -n "$ns" create -f - >/dev/null
"$kubectl" -n "$ns" wait --for=condition=Succeeded pipelinerun/finished --timeout=120s >/dev/null

ours_cmd=("$ours" -n "$ns" logs pipelinerun finished)
tkn_cmd=("$tkn" pipelinerun logs finished -n "$ns")
# Warm-up, and a check that both print all 10,000 lines.
for tool in ours tkn; do
    declare -n cmd="${tool}_cmd"
    lines=$("${cmd[@]}" 2>/dev/null | grep -c '\] line ' || true)
    [ "$lines" = 10000 ] || { echo "error: $tool printed $lines lines, not 10000" >&2; exit 1; }
done

: >"$tmp/ours.wall"; : >"$tmp/tkn.wall"
for _ in $(seq "$runs"); do
    for tool in ours tkn; do
        declare -n cmd="${tool}_cmd"
        start=$EPOCHREALTIME
        "${cmd[@]}" >/dev/null 2>&1
        echo "$EPOCHREALTIME - $start" | bc >>"$tmp/$tool.wall"
    done
done
count_one() {
    local since until
    since=$(now); "$@" >/dev/null 2>&1; until=$(now)
    settle
    echo "$since $until"
}
read -r s u < <(count_one "${ours_cmd[@]}")
ours_requests=$(requests "$s" "$u" kubectl-tekton/)
read -r s u < <(count_one "${tkn_cmd[@]}")
tkn_requests=$(requests "$s" "$u" tkn/)
ours_wall=$(median <"$tmp/ours.wall")
tkn_wall=$(median <"$tmp/tkn.wall")

echo "== live run followed by both: 5 tasks x 40 lines over 8 s" >&2
pipeline live 9s "!seq 40 200ms line" | "$kubectl" -n "$ns" create -f - >/dev/null
since=$(now)
"$ours" -n "$ns" logs pipelinerun live -f >"$tmp/ours.live" 2>/dev/null &
ours_pid=$!
"$tkn" pipelinerun logs live -f -n "$ns" >"$tmp/tkn.live" 2>/dev/null &
tkn_pid=$!
wait "$ours_pid" "$tkn_pid" || true
until=$(now)
settle
ours_live=$(requests "$since" "$until" kubectl-tekton/)
tkn_live=$(requests "$since" "$until" tkn/)
live_updates=$(updates "$since" "$until")
ours_live_lines=$(grep -c '\] line ' "$tmp/ours.live" || true)
tkn_live_lines=$(grep -c '\] line ' "$tmp/tkn.live" || true)

ratio() { echo "scale=1; $1 / $2" | bc; }
cat <<EOF
| | kubectl-tekton $("$ours" --version 2>/dev/null | awk '{print $2}') | tkn $("$tkn" version --component client 2>/dev/null || true) | ratio |
|---|---|---|---|
| finished run, 10,000 lines: median wall (s, $runs runs) | $ours_wall | $tkn_wall | $(ratio "$tkn_wall" "$ours_wall")x |
| finished run: API requests | $ours_requests | $tkn_requests | $(ratio "$tkn_requests" "$ours_requests")x |
| live run followed (-f): API requests | $ours_live | $tkn_live | $(ratio "$tkn_live" "$ours_live")x |
| live run: lines shown (of 200) | $ours_live_lines | $tkn_live_lines | |
| live run: status updates Tekton wrote meanwhile | $live_updates | | |
EOF
