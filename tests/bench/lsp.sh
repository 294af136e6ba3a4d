#!/usr/bin/env bash
# Latency benchmark of the language server (`tekton-lsp serve`, release build) beside
# yaml-language-server (the version pinned in tests/schema-consumers) configured with our
# generated schema, driven by the same client (lsp/server/examples/lsp_bench.rs):
#
#   tests/bench/lsp.sh [CATALOG_DIR] [ITERATIONS]
#
# CATALOG_DIR (the workspace for the indexing figures) defaults to ../shared/corpus/catalog
# beside the repository; ITERATIONS (edits, completions and hovers on the generated 2,000-line
# pipeline, per server) to 200. Prints a Markdown table. Needs cargo, node and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
catalog="$(cd "${1:-$root/../shared/corpus/catalog}" && pwd)"
iterations="${2:-200}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tekton-tools/target}"

cargo build --release --locked --manifest-path "$root/Cargo.toml" -p tekton-lsp \
    --bin tekton-lsp --example lsp_bench >&2
"$root/tests/schema-consumers/install-yaml-language-server" >&2

"$CARGO_TARGET_DIR/release/examples/lsp_bench" \
    --server "$CARGO_TARGET_DIR/release/tekton-lsp" \
    --catalog "$catalog" \
    --yamlls "$root/tests/schema-consumers/node_modules/.bin/yaml-language-server" \
    --schema "$root/schemas/json/tekton.json" \
    --iterations "$iterations"
