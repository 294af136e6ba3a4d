"""Extracts the field names of the typed parts of Tekton's CRD schemas into crd-fields.json,
the fixture that schemas/tests/upstream_fields.rs compares our schemas with.

Usage: python3 extract-crd-fields.py <tektoncd/pipeline checkout or module dir>
(e.g. ~/go/pkg/mod/github.com/tektoncd/pipeline@v1.15.0). Needs PyYAML.

For every object with declared properties in a CRD's openAPIV3Schema it records the JSON path
(`spec.steps[].computeResources`) and the sorted property names. `metadata` and `status` are
left out (Kubernetes' own, and controller-written), as are the subtrees the CRD leaves
schemaless (`x-kubernetes-preserve-unknown-fields`).
"""

import json
import sys
from pathlib import Path

import yaml

CRDS = ["300-task.yaml", "300-pipeline.yaml", "300-taskrun.yaml", "300-pipelinerun.yaml", "300-stepaction.yaml"]


def walk(node, path, out):
    if "items" in node:
        walk(node["items"], path + "[]", out)
        return
    properties = node.get("properties")
    if not properties:
        return
    out[path] = sorted(properties)
    for name, child in properties.items():
        if path == "" and name in ("metadata", "status"):
            continue
        walk(child, f"{path}.{name}" if path else name, out)


def main(root: Path) -> None:
    fixture = {}
    for file in CRDS:
        crd = yaml.safe_load((root / "config" / "300-crds" / file).read_text())
        kind = crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                out = {}
                walk(version["schema"]["openAPIV3Schema"], "", out)
                fixture[f"tekton.dev/{version['name']} {kind}"] = out
    target = Path(__file__).with_name("crd-fields.json")
    # One line per object keeps diffs between Tekton releases readable.
    kinds = []
    for kind in sorted(fixture):
        lines = [f"  {json.dumps(path)}: {json.dumps(names)}" for path, names in sorted(fixture[kind].items())]
        kinds.append(f" {json.dumps(kind)}: {{\n" + ",\n".join(lines) + "\n }")
    target.write_text("{\n" + ",\n".join(kinds) + "\n}\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
