#!/usr/bin/env bash
# Side-by-side benchmark: kubectl-tekton (release build) and tkn (built from the Go module
# proxy by tests/bench/tkn/build), on the local cluster, in the same run:
#
#   1. `list pipelineruns --limit 10` in a namespace holding 2,000 PipelineRuns,
#   2. `list pipelineruns` of all 2,000, newest first (the same work for both tools: every
#      run fetched and sorted),
#   3. `describe pipelinerun` of a finished three-task run in that namespace,
#   4. start-up: `--help`.
#
#   tests/bench/plugin.sh [RUNS]        # RUNS defaults to 11
#
# The cluster must be up (tests/cluster/up). The runs are PipelineRunPending, so the
# controller leaves them alone; the namespace is deleted at the end. Each command runs once
# to warm up, then RUNS times, the two tools alternating; the table gives the median wall
# time (bash's microsecond clock), the largest peak resident memory (GNU time) and the
# ratios. For scale it also times the one paged request through kubectl. Not part of
# tests/run-all. Needs cargo, go (for tkn's first build) and /usr/bin/time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-11}"
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing; install it with: apt-get install time" >&2; exit 1; }
source "$here/against-tkn.sh" plugin
export KUBECONFIG="$KT_KUBECONFIG"
kubectl="$KT_BIN/kubectl"

log "creating namespace $ns with a finished run to describe"
"$kubectl" create namespace "$ns" >/dev/null
cat >"$tmp/described.yaml" <<'EOF'
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: {name: described}
spec:
  pipelineSpec:
    tasks:
      - {name: fetch, taskSpec: {steps: [{name: clone, image: alpine, script: "true"}]}}
      - {name: build, runAfter: [fetch], taskSpec: {steps: [{name: compile, image: alpine, script: "true"}]}}
      - {name: test, runAfter: [fetch], taskSpec: {steps: [{name: unit, image: alpine, script: "true"}]}}
EOF
# First, while the controller has no pending runs to go through.
"$kubectl" -n "$ns" create -f "$tmp/described.yaml" >/dev/null
"$kubectl" -n "$ns" wait --for=condition=Succeeded --timeout=120s pipelinerun/described >/dev/null
log "adding 2,000 pending PipelineRuns"
for part in $(seq 0 7); do
    for i in $(seq $((part * 250)) $((part * 250 + 249))); do
        printf -- '---\napiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata: {name: run-%04d}\n' "$i"
        printf 'spec:\n  status: PipelineRunPending\n  pipelineSpec:\n    tasks:\n'
        printf '      - {name: a, taskSpec: {steps: [{image: alpine, script: "true"}]}}\n'
    done >"$tmp/runs-$part.yaml"
done
for part in $(seq 0 7); do
    "$kubectl" -n "$ns" create -f "$tmp/runs-$part.yaml" >/dev/null &
done
wait
count=$("$kubectl" -n "$ns" get pipelineruns --no-headers | wc -l)
[ "$count" -eq 2001 ] || die "expected 2,001 PipelineRuns in $ns, found $count"

measure() { # name, command...
    local name="$1" start end
    shift
    start=$EPOCHREALTIME
    /usr/bin/time -f "%M" -o "$tmp/rss" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" ||
        die "$name failed: $(cat "$tmp/$name.err")"
    end=$EPOCHREALTIME
    printf '%s %s\n' "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }')" \
        "$(tail -1 "$tmp/rss")" >>"$tmp/$name.times"
}

declare -A commands=(
    [list-ours]="$ours -n $ns list pipelineruns --limit 10"
    [list-tkn]="$tkn -n $ns pipelinerun list --limit 10"
    [all-ours]="$ours -n $ns list pipelineruns"
    [all-tkn]="$tkn -n $ns pipelinerun list"
    [describe-ours]="$ours -n $ns describe pipelinerun described"
    [describe-tkn]="$tkn -n $ns pipelinerun describe described"
    [help-ours]="$ours --help"
    [help-tkn]="$tkn --help"
    [raw-kubectl]="$kubectl get --raw /apis/tekton.dev/v1/namespaces/$ns/pipelineruns?limit=10"
)
order=(list-ours list-tkn all-ours all-tkn describe-ours describe-tkn help-ours help-tkn raw-kubectl)
load=$(cut -d' ' -f1-3 /proc/loadavg)
for name in "${order[@]}"; do
    : >"$tmp/$name.times"
    # shellcheck disable=SC2086 # the commands are word lists
    ${commands[$name]} >/dev/null 2>&1 # warm-up, not counted
done
for _ in $(seq "$runs"); do
    for name in "${order[@]}"; do
        # shellcheck disable=SC2086
        measure "$name" ${commands[$name]}
    done
done
# Both list ten runs.
[ "$(tail -n +2 "$tmp/list-ours.out" | wc -l)" -eq 10 ] || die "kubectl-tekton did not list 10 runs"
[ "$(tail -n +2 "$tmp/list-tkn.out" | wc -l)" -eq 10 ] || die "tkn did not list 10 runs"
[ "$(tail -n +2 "$tmp/all-ours.out" | wc -l)" -eq 2001 ] || die "kubectl-tekton did not list 2,001 runs"
[ "$(tail -n +2 "$tmp/all-tkn.out" | wc -l)" -eq 2001 ] || die "tkn did not list 2,001 runs"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
wall() { awk '{ print $1 }' "$tmp/$1.times" | median; }
rss() { awk '{ if ($2 > m) m = $2 } END { printf "%.1f", m / 1024 }' "$tmp/$1.times"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }

echo "kubectl-tekton $("$ours" --version | awk '{ print $2 }'), tkn $("$tkn" version --component client 2>/dev/null || echo '?'),"
echo "$runs runs each, 2,001 PipelineRuns in the namespace, load average before: $load"
echo
echo "| command | kubectl-tekton wall (s) | tkn wall (s) | wall ratio | kubectl-tekton peak RSS (MiB) | tkn peak RSS (MiB) | RSS ratio |"
echo "|---|---|---|---|---|---|---|"
declare -A labels=(
    [list]="\`list pipelineruns --limit 10\`"
    [all]="\`list pipelineruns\` (all 2,001)"
    [describe]="\`describe pipelinerun\`"
    [help]="\`--help\`"
)
for what in list all describe help; do
    ow=$(wall "$what-ours") tw=$(wall "$what-tkn") orss=$(rss "$what-ours") trss=$(rss "$what-tkn")
    echo "| ${labels[$what]} | $ow | $tw | **$(ratio "$tw" "$ow")** | $orss | $trss | **$(ratio "$trss" "$orss")** |"
done
echo
echo "For scale: \`kubectl get --raw '.../pipelineruns?limit=10'\` $(wall raw-kubectl) s, $(rss raw-kubectl) MiB."
