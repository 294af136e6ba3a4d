"""Runs schemas/tests/samples through Python's `jsonschema`, an implementation independent of
the Rust `jsonschema` crate, starting from the entry schema (schemas/json/tekton.json) exactly
as an editor would, with its relative `$ref`s resolved through a `referencing` registry of
file URIs. Verdicts must match the Rust sample test: valid files have no errors, each invalid
file has an error at the JSON pointer named by its `# expect-error-at:` line.
"""

import json
import sys
from pathlib import Path

import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas" / "json"
SAMPLES = REPO / "schemas" / "tests" / "samples"


def validator() -> Draft7Validator:
    registry = Registry().with_resources(
        (path.as_uri(), Resource.from_contents(_load_json(path), default_specification=DRAFT7))
        for path in SCHEMAS.rglob("*.json")
    )
    entry = (SCHEMAS / "tekton.json").as_uri()
    return Draft7Validator({"$ref": entry}, registry=registry)


def _load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def pointer(error) -> str:
    return "".join(f"/{part}" for part in error.absolute_path)


def main() -> int:
    check = validator()
    failures = []
    counts = {"valid": 0, "invalid": 0}
    for verdict in ("valid", "invalid"):
        files = sorted((SAMPLES / verdict).glob("*.yaml"))
        if not files:
            failures.append(f"no samples in {SAMPLES / verdict}")
        for path in files:
            counts[verdict] += 1
            text = path.read_text(encoding="utf-8")
            errors = [
                (pointer(e), e.message)
                for doc in yaml.safe_load_all(text)
                if doc is not None
                for e in check.iter_errors(doc)
            ]
            name = path.relative_to(REPO)
            if verdict == "valid" and errors:
                failures.append(f"{name}: expected no errors, got {errors}")
            if verdict == "invalid":
                expected = next(
                    (l.split(":", 1)[1].strip() for l in text.splitlines() if l.startswith("# expect-error-at:")),
                    None,
                )
                if expected is None:
                    failures.append(f"{name}: no `# expect-error-at:` line")
                elif not any(at == expected for at, _ in errors):
                    failures.append(f"{name}: expected an error at {expected}, got {errors}")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print(f"python jsonschema: {counts['valid']} valid and {counts['invalid']} invalid samples checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
