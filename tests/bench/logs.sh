#!/usr/bin/env bash
# Side-by-side benchmark: `kubectl tekton logs` (release build) and `tkn pipelinerun logs`
# (tkn built from the Go module proxy by tests/bench/tkn/build), on the local cluster, in
# the same run:
#
#   1. a finished PipelineRun of 5 tasks printing 2,000 lines each (10,000 lines): wall
#      time, and the API requests each tool makes, from the API server's audit log;
#   2. following a live 5-task run (`-f`) while the run is updated 0 times, then UPDATES
#      times (its annotations patched every 100 ms): the requests each tool makes.
#
#   tests/bench/logs.sh [RUNS] [UPDATES]     # RUNS defaults to 11, UPDATES to 50
#
# The cluster must be up (tests/cluster/up). Both tools run as a ServiceAccount made for
# the run (its own kubeconfig with a token), so the audit log tells their requests from
# everyone else's by user, and the two tools apart by user agent. The finished run is read
# once by each tool to warm up, then RUNS times, the tools alternating; the table gives the
# median wall time (bash's microsecond clock) and the requests of every invocation (the
# same each time). Both outputs are checked: every line once, in order. The namespace is
# deleted at the end. Not part of tests/run-all. Needs cargo, go (for tkn's first build)
# and jq.
set -euo pipefail
shopt -s nullglob
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-11}"
updates="${2:-50}"
command -v jq >/dev/null || { echo "error: jq is missing; install it with: apt-get install jq" >&2; exit 1; }
source "$here/against-tkn.sh" logs
kubectl="$KT_BIN/kubectl"
admin=(--kubeconfig="$KT_KUBECONFIG")

# --- a user of our own: a ServiceAccount allowed to read runs and pods in the namespace ---
"$kubectl" "${admin[@]}" create namespace "$ns" >/dev/null
"$kubectl" "${admin[@]}" apply -n "$ns" -f - >/dev/null <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata: {name: bench}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: bench}
rules:
  - {apiGroups: [tekton.dev], resources: ["*"], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [pods, pods/log], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bench}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: bench}
subjects: [{kind: ServiceAccount, name: bench}]
YAML
user="system:serviceaccount:$ns:bench"
export KUBECONFIG="$tmp/kubeconfig"
"$kubectl" config set-cluster kt --server="https://127.0.0.1:$APISERVER_PORT" \
    --certificate-authority="$KT_RUN/pki/ca.crt" --embed-certs >/dev/null
"$kubectl" config set-credentials bench \
    --token="$("$kubectl" "${admin[@]}" -n "$ns" create token bench --duration=2h)" >/dev/null
"$kubectl" config set-context kt --cluster=kt --user=bench --namespace="$ns" >/dev/null
"$kubectl" config use-context kt >/dev/null

# --- the runs: 5 parallel tasks, one step each ---
# run NAME LINES EVERY DURATION: a PipelineRun whose task tI prints LINES lines
# `task I line N`, one every EVERY, and ends after DURATION (when the lines are out).
run() {
    printf 'apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata:\n  name: %s\n  annotations:\n' "$1"
    printf '    kt.test/duration: %s\n' "$4"
    for i in 1 2 3 4 5; do printf '    kt.test/log.step-s%d: "!seq %d %s task %d line"\n' "$i" "$2" "$3" "$i"; done
    printf 'spec:\n  pipelineSpec:\n    tasks:\n'
    for i in 1 2 3 4 5; do
        printf '      - {name: t%d, taskSpec: {steps: [{name: s%d, image: alpine, script: "true"}]}}\n' "$i" "$i"
    done
}
run finished 2000 0s 100ms | "$kubectl" "${admin[@]}" -n "$ns" create -f - >/dev/null
"$kubectl" "${admin[@]}" -n "$ns" wait --for=condition=Succeeded --timeout=120s pipelinerun/finished >/dev/null

# --- counting requests ---
# requests AGENT SINCE UNTIL: how many requests our user made with a user agent starting with
# AGENT, received between the two RFC 3339 times. The log is written as requests complete:
# a marker request is sent first and waited for, so that everything before it is counted.
now() { date -u +%Y-%m-%dT%H:%M:%S.%6NZ; }
# Our user's audit events, from the main API server's log and its rotated backups
# (audit-<time>.log; the other API servers' logs are audit-<name>.log).
ours_audited() {
    local logs=("$KT_RUN"/logs/audit-[0-9]*.log "$KT_RUN/logs/audit.log")
    grep -h -F "\"$user\"" "${logs[@]}" || true
}
requests() {
    local marker="kt-bench-marker-$RANDOM$RANDOM"
    "$kubectl" get configmap "$marker" >/dev/null 2>&1 || true
    for _ in $(seq 100); do
        grep -q "$marker" "$KT_RUN/logs/audit.log" && break
        sleep 0.1
    done
    ours_audited |
        jq -r --arg agent "$1" --arg since "$2" --arg until "$3" \
            'select((.userAgent // "" | startswith($agent)) and .requestReceivedTimestamp >= $since
                    and .requestReceivedTimestamp <= $until) | .auditID' |
        sort -u | wc -l
}
# requests_by_kind AGENT SINCE UNTIL: the same requests, counted by verb and resource.
requests_by_kind() {
    ours_audited |
        jq -r --arg agent "$1" --arg since "$2" --arg until "$3" \
            'select((.userAgent // "" | startswith($agent)) and .requestReceivedTimestamp >= $since
                    and .requestReceivedTimestamp <= $until)
             | [.auditID, .verb + " " + (.objectRef.resource // .requestURI) + (if .objectRef.subresource then "/" + .objectRef.subresource else "" end)] | @tsv' |
        sort -u | cut -f2 | sort | uniq -c | sort -rn | awk '{ n = $1; $1 = ""; printf "%s%s ×%d", sep, substr($0, 2), n; sep = ", " }'
}

# --- 1. the finished run ---
lines_ok() { # FILE: the 10,000 lines, each task's in order (tkn adds a blank line per container)
    local i
    [ "$(grep -vc '^$' "$1")" -eq 10000 ] || return 1
    for i in 1 2 3 4 5; do
        diff -q <(grep "^\[t$i : s$i\] " "$1" | sed 's/^[^]]*\] //') \
            <(seq 1 2000 | sed "s/^/task $i line /") >/dev/null || return 1
    done
}
declare -A command=(
    [ours]="$ours logs pipelinerun finished"
    [tkn]="$tkn pipelinerun logs finished"
)
load=$(cut -d' ' -f1-3 /proc/loadavg)
for tool in ours tkn; do
    # shellcheck disable=SC2086 # the commands are word lists
    ${command[$tool]} >/dev/null 2>&1 # warm-up, not counted
    : >"$tmp/$tool.times"
    : >"$tmp/$tool.requests"
done
agent() { if [ "$1" = ours ]; then echo kubectl-tekton/; else echo tkn/; fi; }
for _ in $(seq "$runs"); do
    for tool in ours tkn; do
        since=$(now)
        start=$EPOCHREALTIME
        # shellcheck disable=SC2086
        ${command[$tool]} >"$tmp/$tool.out" 2>"$tmp/$tool.err" || die "$tool failed: $(cat "$tmp/$tool.err")"
        end=$EPOCHREALTIME
        until=$(now)
        awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f\n", e - s }' >>"$tmp/$tool.times"
        lines_ok "$tmp/$tool.out" || die "$tool did not print the 10,000 lines in order"
        requests "$(agent "$tool")" "$since" "$until" >>"$tmp/$tool.requests"
    done
done
since=$(now)
# shellcheck disable=SC2086
${command[ours]} >/dev/null 2>&1
ours_kinds=$(requests_by_kind kubectl-tekton/ "$since" "$(now)")
since=$(now)
# shellcheck disable=SC2086
${command[tkn]} >/dev/null 2>&1
tkn_kinds=$(requests_by_kind tkn/ "$since" "$(now)")

# --- 2. following live runs ---
# updated NAME SINCE UNTIL: how many times anyone changed PipelineRun NAME (its spec,
# metadata or status) in that window.
updated() {
    local logs=("$KT_RUN"/logs/audit-[0-9]*.log "$KT_RUN/logs/audit.log")
    { grep -h -F "\"$1\"" "${logs[@]}" || true; } |
        jq -r --arg ns "$ns" --arg name "$1" --arg since "$2" --arg until "$3" \
            'select(.stage == "ResponseComplete" and (.verb == "update" or .verb == "patch")
                    and .objectRef.resource == "pipelineruns" and .objectRef.namespace == $ns
                    and .objectRef.name == $name and .responseStatus.code == 200
                    and .requestReceivedTimestamp >= $since and .requestReceivedTimestamp <= $until)
             | .auditID' |
        sort -u | wc -l
}
# follow UPDATES: both tools follow a new live run (5 tasks, 40 lines each over 8 s); once
# both show lines, the run is patched UPDATES times over 6 s, or until the follows end.
# Writes the run's updates while they ran (Tekton's own and the patches) and each tool's
# requests, "UPDATES OURS TKN", to follow-UPDATES.counts, and the requests by kind to
# follow-UPDATES-TOOL.kinds.
follow() {
    local name="live-$1" since until
    run "$name" 40 200ms 8500ms | "$kubectl" "${admin[@]}" -n "$ns" create -f - >/dev/null
    since=$(now)
    "$ours" logs pipelinerun "$name" -f >"$tmp/follow-ours.out" 2>"$tmp/follow-ours.err" &
    local ours_pid=$!
    "$tkn" pipelinerun logs "$name" -f >"$tmp/follow-tkn.out" 2>"$tmp/follow-tkn.err" &
    local tkn_pid=$!
    until [ -s "$tmp/follow-ours.out" ] && [ -s "$tmp/follow-tkn.out" ]; do sleep 0.05; done
    local every
    every=$(awk -v n="$1" 'BEGIN { if (n > 0) printf "%.3f", 6 / n; else print 0 }')
    for i in $(seq "$1"); do
        "$kubectl" "${admin[@]}" -n "$ns" annotate --overwrite pipelinerun "$name" "kt.test/touched=$i" >/dev/null
        sleep "$every"
    done &
    local patcher=$!
    wait "$ours_pid" || die "kubectl-tekton's follow failed: $(cat "$tmp/follow-ours.err")"
    wait "$tkn_pid" || die "tkn's follow failed: $(cat "$tmp/follow-tkn.err")"
    until=$(now)
    kill "$patcher" 2>/dev/null || true
    wait "$patcher" 2>/dev/null || true
    for tool in ours tkn; do
        [ "$(grep -vc '^$' "$tmp/follow-$tool.out")" -eq 200 ] || die "$tool's follow did not print 200 lines"
    done
    echo "$(updated "$name" "$since" "$until") $(requests kubectl-tekton/ "$since" "$until") $(requests tkn/ "$since" "$until")" \
        >"$tmp/follow-$1.counts"
    requests_by_kind kubectl-tekton/ "$since" "$until" >"$tmp/follow-$1-ours.kinds"
    requests_by_kind tkn/ "$since" "$until" >"$tmp/follow-$1-tkn.kinds"
}
follow 0
follow "$updates"
read -r quiet_updates quiet_ours quiet_tkn <"$tmp/follow-0.counts"
read -r busy_updates busy_ours busy_tkn <"$tmp/follow-$updates.counts"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
spread() { sort -n | uniq | paste -sd/ -; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
ours_wall=$(median <"$tmp/ours.times") tkn_wall=$(median <"$tmp/tkn.times")
ours_req=$(median <"$tmp/ours.requests") tkn_req=$(median <"$tmp/tkn.requests")

echo "kubectl-tekton $("$ours" --version | awk '{ print $2 }'), tkn $("$tkn" version --component client 2>/dev/null || echo '?'),"
echo "$runs runs each, $(nproc) cores, load average before: $load"
echo
echo "A finished run, 5 tasks × 2,000 lines:"
echo
echo "| | kubectl-tekton | tkn | ratio |"
echo "|---|---|---|---|"
echo "| wall time (s), median | $ours_wall | $tkn_wall | **$(ratio "$tkn_wall" "$ours_wall")** |"
echo "| API requests (every run) | $(spread <"$tmp/ours.requests") | $(spread <"$tmp/tkn.requests") | **$(ratio "$tkn_req" "$ours_req")** |"
echo
echo "kubectl-tekton: $ours_kinds"
echo "tkn: $tkn_kinds"
echo
echo "Following a live run of 5 tasks (40 lines each over 8 s), API requests:"
echo
echo "| patches sent | updates of the run while followed | kubectl-tekton | tkn |"
echo "|---|---|---|---|"
echo "| 0 | $quiet_updates | $quiet_ours | $quiet_tkn |"
echo "| $updates | $busy_updates | $busy_ours | $busy_tkn |"
echo
for n in 0 "$updates"; do
    echo "kubectl-tekton, $n patches: $(cat "$tmp/follow-$n-ours.kinds")"
    echo "tkn, $n patches: $(cat "$tmp/follow-$n-tkn.kinds")"
done
