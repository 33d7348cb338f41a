#!/usr/bin/env bash
# schema.sh: checks schema/agreement.schema.json against the worked example (which must pass)
# and a small invalid agreement (which must fail). Needs /usr/bin/python3 with the jsonschema
# and yaml modules (Debian: apt-get install python3-jsonschema python3-yaml).
# Exit 0 when both hold, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c 'import jsonschema, yaml' 2>/dev/null; then
    echo "schema.sh: $PY with the jsonschema and yaml modules is needed" \
         "(apt-get install python3-jsonschema python3-yaml)" >&2
    exit 1
fi

"$PY" - schema/agreement.schema.json examples/gaza-2024-bridging/agreement.yaml <<'PYEOF'
import json, re, sys
import jsonschema, yaml

class Loader(yaml.SafeLoader):
    """Reads YAML the way truce does: dates stay texts, and only true/false/yes/no are
    booleans (PyYAML would also turn an 'on:' key into True)."""

Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                             re.compile(r"^(?:true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO)$"),
                             list("tTfFyYnN"))

schema_path, example_path = sys.argv[1], sys.argv[2]
with open(schema_path) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
failed = 0

def errors(doc):
    return sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))

with open(example_path) as f:
    example = yaml.load(f, Loader=Loader)
errs = errors(example)
for e in errs:
    print(f"{example_path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
if errs:
    failed = 1
else:
    print(f"ok: {example_path} conforms to {schema_path}")

BAD = """
truce: 1
id: bad-case
title: A bad input (synthetic)
colour: red
parties:
  - {id: israel, name: Israel}
phases:
  - {id: phase-1, title: Phase 1, days: 42}
obligations:
  - {id: talks, kind: ceasefire, party: israel}
"""
bad = yaml.load(BAD, Loader=Loader)
paths = {"/".join(map(str, e.absolute_path)) for e in errors(bad)}
for want, what in (("", "the unknown top-level key 'colour'"), ("obligations/0/kind", "the unknown kind 'ceasefire'")):
    if want in paths:
        print(f"ok: the schema rejects {what}")
    else:
        print(f"schema.sh: the schema accepts {what}", file=sys.stderr)
        failed = 1
sys.exit(failed)
PYEOF
