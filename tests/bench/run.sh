#!/usr/bin/env bash
# Side-by-side benchmark: `tekton-lsp check` (release build) and @ibm/tekton-lint (pinned in
# package.json / package-lock.json) on the same files, in the same run.
#
#   tests/bench/run.sh [CORPUS_DIR] [RUNS]
#
# CORPUS_DIR defaults to ../shared/corpus/catalog (beside the repository); RUNS to 5. Each tool
# runs once to warm the file cache, then RUNS times, alternating; the table shows the median wall
# time and the largest peak resident memory (from GNU time), and the ratios.
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
    local name="$1"
    shift
    /usr/bin/time -f "%e %M %x" -o "$tmp/one" "$@" >/dev/null 2>"$tmp/$name.stderr" || true
    cat "$tmp/one" >>"$tmp/$name.times"
}

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

ours_wall=$(wall ours); theirs_wall=$(wall theirs)
ours_mem=$(peak ours); theirs_mem=$(peak theirs)
echo "corpus: $corpus ($files YAML files), $runs runs each, $(nproc) cores"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf '%-28s %10s %16s %12s\n' tool "wall (s)" "peak RSS (MiB)" "exit status"
printf '%-28s %10s %16s %12s\n' "tekton-lsp $("$ours" --version | awk '{ print $2 }')" "$ours_wall" "$(mib "$ours_mem")" "$(status ours)"
printf '%-28s %10s %16s %12s\n' "@ibm/tekton-lint $(node -p "require('$here/node_modules/@ibm/tekton-lint/package.json').version")" "$theirs_wall" "$(mib "$theirs_mem")" "$(status theirs)"
echo "tekton-lint / tekton-lsp: $(ratio "$theirs_wall" "$ours_wall")x wall time, $(ratio "$theirs_mem" "$ours_mem")x peak memory"
