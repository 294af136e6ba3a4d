# What the benchmarks against tkn share; sourced by plugin.sh and logs.sh after they set
# `here` and `root`. It checks that the local cluster runs, makes a scratch folder ($tmp)
# and names a namespace of the benchmark's own ($ns, kt-bench-NAME-<time>; the script
# creates it), both removed on exit, and provides the two tools: $ours, a copy of the
# release build of kubectl-tekton (the target folder may be rebuilt by someone else
# meanwhile), and $tkn (tests/bench/tkn/build). Usage: source against-tkn.sh NAME
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tekton-tools/target}"
source "$root/tests/cluster/lib.sh"
"$root/tests/cluster/status" >/dev/null || die "the cluster is not running: start it with tests/cluster/up"

tmp="$(mktemp -d)"
ns="kt-bench-$1-$(date +%s)"
cleanup() {
    "$KT_BIN/kubectl" --kubeconfig="$KT_KUBECONFIG" delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

cargo build --release --locked -p kubectl-tekton --manifest-path "$root/Cargo.toml" >&2
cp "$CARGO_TARGET_DIR/release/kubectl-tekton" "$tmp/kubectl-tekton"
ours="$tmp/kubectl-tekton"
tkn="$("$here/tkn/build")"
