#!/usr/bin/env bash
# Side-by-side benchmark: `tekton-lsp check` (release build) and @ibm/tekton-lint (pinned in
# package.json / package-lock.json) on the same files, in the same run.
#
#   tests/bench/run.sh [CORPUS_DIR] [RUNS]
#
# CORPUS_DIR defaults to ../shared/corpus/catalog (beside the repository); RUNS to 5. Each tool
# runs once to warm the file cache, then RUNS times, alternating; the table shows the median wall
# time, the median CPU time (user + system), the largest peak resident memory (GNU time), and
# the ratios.
# Needs: cargo, node + npm (tekton-lint is installed into tests/bench/node_modules, gitignored),
# /usr/bin/time (Debian package `time`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$(cd "${1:-$root/../shared/corpus/catalog}" && pwd)"
runs="${2:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tekton-tools/target}"

[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing; install it with: apt-get install time" >&2; exit 2; }

cargo build --release --locked -p tekton-lsp --manifest-path "$root/Cargo.toml" >&2
ours="$CARGO_TARGET_DIR/release/tekton-lsp"
if [ ! -x "$here/node_modules/.bin/tekton-lint" ]; then
    (cd "$here" && npm ci --no-audit --no-fund >&2)
fi
theirs="$here/node_modules/.bin/tekton-lint"

files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) | wc -l)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Both tools exit 1 when they find problems, which the catalog has; only a crash would matter,
# and GNU time records the status for the summary below.
measure() { # name, command...
    local name="$1" start end
    shift
    start=$EPOCHREALTIME
    /usr/bin/time -f "TIME %M %x %U %S" -o "$tmp/one" "$@" >/dev/null 2>"$tmp/$name.stderr" || true
    end=$EPOCHREALTIME
    # GNU time's %e has 10 ms steps, too coarse for a 0.1 s run: the wall time is bash's
    # microsecond clock around it. GNU time adds a "Command exited with non-zero status" line;
    # keep only ours.
    printf '%s %s\n' "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')" \
        "$(grep '^TIME ' "$tmp/one" | cut -d' ' -f2-)" >>"$tmp/$name.times"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$corpus"
for tool in ours theirs; do : >"$tmp/$tool.times"; done
# Warm-up (not counted): file cache, node's compile cache.
"$ours" check --format json . >/dev/null 2>&1 || true
"$theirs" --format json '**/*.yaml' '**/*.yml' >/dev/null 2>&1 || true
for _ in $(seq "$runs"); do
    measure ours "$ours" check --format json .
    measure theirs "$theirs" --format json '**/*.yaml' '**/*.yml'
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
wall() { awk '{ print $1 }' "$tmp/$1.times" | median; }
peak() { awk '{ print $2 }' "$tmp/$1.times" | sort -n | tail -1; }
status() { awk '{ print $3 }' "$tmp/$1.times" | sort -u | paste -sd, -; }
# CPU time (user + system) is what other load on the machine disturbs least.
cpu() { awk '{ print $4 + $5 }' "$tmp/$1.times" | median; }

ours_wall=$(wall ours); theirs_wall=$(wall theirs)
ours_cpu=$(cpu ours); theirs_cpu=$(cpu theirs)
ours_mem=$(peak ours); theirs_mem=$(peak theirs)
echo "corpus: $corpus ($files YAML files), $runs runs each, $(nproc) cores, load average before: $load"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf '%-26s %9s %13s %15s %12s\n' tool "wall (s)" "CPU (s)" "peak RSS (MiB)" "exit status"
printf '%-26s %9s %13s %15s %12s\n' "tekton-lsp $("$ours" --version | awk '{ print $2 }')" "$ours_wall" "$ours_cpu" "$(mib "$ours_mem")" "$(status ours)"
printf '%-26s %9s %13s %15s %12s\n' "@ibm/tekton-lint $(node -p "require('$here/node_modules/@ibm/tekton-lint/package.json').version")" "$theirs_wall" "$theirs_cpu" "$(mib "$theirs_mem")" "$(status theirs)"
echo "tekton-lint / tekton-lsp: $(ratio "$theirs_wall" "$ours_wall")x wall time, $(ratio "$theirs_cpu" "$ours_cpu")x CPU time, $(ratio "$theirs_mem" "$ours_mem")x peak memory"
