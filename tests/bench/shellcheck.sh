#!/usr/bin/env bash
# ShellCheck's cost in `tekton-lsp check` (release build): the same files with ShellCheck on and
# with it not installed, and optionally a baseline binary beside them, in the same run.
#
#   tests/bench/shellcheck.sh [CORPUS_DIR] [RUNS] [BASELINE_BINARY]
#
# CORPUS_DIR defaults to ../shared/corpus/catalog, RUNS to 9. Each variant runs once to warm
# the file cache, then RUNS times, alternating; the table shows the median wall and CPU time
# (user + system, children included: ShellCheck's own processes count). "on" finds the pinned
# ShellCheck (tests/shellcheck/install) on PATH; "off" has no ShellCheck on PATH, what a user
# without it gets. A last run through a wrapper that logs each invocation shows how many
# ShellCheck processes one check starts and how many scripts each gets.
# Needs: cargo, python3 (for the ShellCheck wheel), /usr/bin/time (Debian package `time`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="$(cd "${1:-$root/../shared/corpus/catalog}" && pwd)"
runs="${2:-9}"
baseline="${3:-}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tekton-tools/target}"

[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing; install it with: apt-get install time" >&2; exit 2; }

cargo build --release --locked -p tekton-lsp --manifest-path "$root/Cargo.toml" >&2
ours="$CARGO_TARGET_DIR/release/tekton-lsp"
shellcheck="$("$root/tests/shellcheck/install")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# "off": a PATH with no ShellCheck on it (the binary is run by its full path).
mkdir "$tmp/empty"

variants=(on off)
[ -n "$baseline" ] && variants+=(baseline)
command_of() { # variant: sets `cmd`
    case "$1" in
        on) cmd=(env PATH="$(dirname "$shellcheck"):$PATH" "$ours" check --format json .) ;;
        off) cmd=(env PATH="$tmp/empty" "$ours" check --format json .) ;;
        baseline) cmd=(env PATH="$tmp/empty" "$baseline" check --format json .) ;;
    esac
}
measure() { # variant
    local start end cmd
    command_of "$1"
    start=$EPOCHREALTIME
    /usr/bin/time -f "TIME %U %S" -o "$tmp/one" "${cmd[@]}" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    printf '%s %s\n' "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')" \
        "$(grep '^TIME ' "$tmp/one" | cut -d' ' -f2-)" >>"$tmp/$1.times"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$corpus"
for variant in "${variants[@]}"; do
    : >"$tmp/$variant.times"
    measure "$variant"
    : >"$tmp/$variant.times"
done
for _ in $(seq "$runs"); do
    for variant in "${variants[@]}"; do measure "$variant"; done
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
wall() { awk '{ print $1 }' "$tmp/$1.times" | median; }
cpu() { awk '{ print $2 + $3 }' "$tmp/$1.times" | median; }

files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) | wc -l)
echo "corpus: $corpus ($files YAML files), $runs runs each, $(nproc) cores, load average before: $load"
echo "ShellCheck: $("$shellcheck" --version | awk '/^version/ { print $2 }')"
printf '%-10s %9s %9s\n' variant "wall (s)" "CPU (s)"
for variant in "${variants[@]}"; do
    printf '%-10s %9s %9s\n' "$variant" "$(wall "$variant")" "$(cpu "$variant")"
done
share() { awk -v on="$1" -v off="$2" 'BEGIN { printf "%.0f%%", 100 * (on - off) / on }'; }
echo "ShellCheck's share of the run with it on: $(share "$(wall on)" "$(wall off)") of the wall time, $(share "$(cpu on)" "$(cpu off)") of the CPU time"
if [ -n "$baseline" ]; then
    echo "off / baseline: $(awk -v a="$(wall off)" -v b="$(wall baseline)" 'BEGIN { printf "%.2f", a / b }')x wall time, $(awk -v a="$(cpu off)" -v b="$(cpu baseline)" 'BEGIN { printf "%.2f", a / b }')x CPU time"
fi

# Invocations: a wrapper named `shellcheck` logs its argument count, then runs the real one.
mkdir "$tmp/logged"
cat >"$tmp/logged/shellcheck" <<WRAPPER
#!/bin/sh
echo "\$#" >>"$tmp/invocations"
exec "$shellcheck" "\$@"
WRAPPER
chmod +x "$tmp/logged/shellcheck"
: >"$tmp/invocations"
PATH="$tmp/logged:$PATH" "$ours" check --format json . >"$tmp/report.json" 2>/dev/null || true
# Five of the arguments are options (--format=json1 --norc --shell SHELL --), the rest scripts.
awk '{ n++; s += $1 - 5 } END { printf "one check: %d ShellCheck invocations for %d scripts\n", n, s }' "$tmp/invocations"
python3 - "$tmp/report.json" <<'PY'
import collections, json, re, sys
found = [d for d in json.load(open(sys.argv[1]))["diagnostics"] if d["rule"] == "script-shellcheck"]
codes = collections.Counter(re.match(r"(SC\d+)", d["message"]).group(1) for d in found)
print(f"script-shellcheck findings: {len(found)} ({', '.join(f'{c} {n}' for c, n in codes.most_common(10))}, ...)")
PY
