"""Runs every document of the Tekton catalog (../shared/corpus/catalog from the repository root)
through Python's `jsonschema` and the entry schema, and checks that exactly the documents the
Rust corpus test lists as exceptions (schemas/tests/corpus.rs, EXCEPTIONS) fail: two
independent validators, same verdicts on ~1,700 real documents.

Files PyYAML cannot read at all (template placeholders such as `{{NAME}}`) count as failing
for each Tekton document they contain, as in the Rust test.
"""

import re
import sys
from pathlib import Path

import yaml

from check_samples import REPO, pointer, validator

CATALOG = REPO.parent / "shared" / "corpus" / "catalog"
EXCEPTION = re.compile(r'\(\s*"([^"]+)",\s*(\d+),')
TEKTON = re.compile(r"^apiVersion:\s*['\"]?tekton\.dev/", re.MULTILINE)


def expected_failures() -> set:
    source = (REPO / "schemas" / "tests" / "corpus.rs").read_text(encoding="utf-8")
    return {(path, int(index)) for path, index in EXCEPTION.findall(source)}


def main() -> int:
    if not CATALOG.is_dir():
        print(f"FAIL no corpus at {CATALOG}", file=sys.stderr)
        return 1
    check = validator()
    failing, documents, reasons = set(), 0, {}
    for path in sorted(p for p in CATALOG.rglob("*") if p.suffix in (".yaml", ".yml")):
        rel = path.relative_to(CATALOG).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
        except yaml.YAMLError:
            # Unreadable as a whole: one failure per Tekton document, by position.
            chunks = [c for c in re.split(r"^---.*$", text, flags=re.MULTILINE) if c.strip()]
            failing.update((rel, i) for i, c in enumerate(chunks) if TEKTON.search(c))
            continue
        for index, doc in enumerate(docs):
            documents += 1
            error = next(check.iter_errors(doc), None)
            if error is not None:
                failing.add((rel, index))
                reasons[(rel, index)] = f"{pointer(error)}: {error.message[:200]}"
    expected = expected_failures()
    unexpected, missing = sorted(failing - expected), sorted(expected - failing)
    for item in unexpected:
        print(f"FAIL fails in Python but not listed in corpus.rs: {item} {reasons.get(item, '')}", file=sys.stderr)
    for item in missing:
        print(f"FAIL listed in corpus.rs but passes in Python: {item}", file=sys.stderr)
    print(
        f"python jsonschema: {documents} catalog documents, {len(failing)} failing, "
        f"{len(expected)} expected; {len(unexpected) + len(missing)} disagreements"
    )
    return 1 if unexpected or missing or not expected else 0


if __name__ == "__main__":
    sys.exit(main())
