#!/usr/bin/env python3
"""Turn one kubernetes-validate schema directory into standalone schemas for kubeconform.

kubernetes-validate ships, per Kubernetes version, one JSON schema (draft 2020-12) per
definition plus a shared _definitions.json. Each schema has an absolute $id under
https://kubernetes.io/api/ and refers to the shared file as "/api/_definitions.json#/$defs/<name>",
which a validator would resolve to a URL on the network. kubeconform works offline here, so
each top-level resource schema (one whose "kind" property has an enum) is written as a
standalone file: the definitions it reaches, transitively, are embedded in its own "$defs"
and every reference becomes "#/$defs/<name>". Recursive definitions stay references.

Usage: standalone_schemas.py SOURCE_DIR DEST_DIR
Writes DEST_DIR/<kind>-<group>-<version>.json, the names kubeconform's {{ .ResourceKind }}{{ .KindSuffix }}.json expects.
"""
import json
import os
import sys

SHARED_PREFIX = "/api/_definitions.json#/$defs/"
LOCAL_PREFIX = "#/$defs/"


def unescape_pointer_token(token):
    return token.replace("~1", "/").replace("~0", "~")


def definition_name(ref, where):
    for prefix in (SHARED_PREFIX, LOCAL_PREFIX):
        if ref.startswith(prefix):
            return ref[len(prefix):]
    raise ValueError(f"{where}: unsupported $ref {ref!r}")


def walk_refs(node, where):
    """Yield every $ref string below node."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def localise(node):
    """Copy of node with shared-file references rewritten to local ones."""
    if isinstance(node, dict):
        copy = {key: localise(value) for key, value in node.items()}
        ref = copy.get("$ref")
        if isinstance(ref, str) and ref.startswith(SHARED_PREFIX):
            copy["$ref"] = LOCAL_PREFIX + ref[len(SHARED_PREFIX):]
        return copy
    if isinstance(node, list):
        return [localise(item) for item in node]
    return node


def closure(schema, definitions, where):
    """Escaped names of every definition reachable from schema."""
    seen = set()
    pending = [definition_name(ref, where) for ref in walk_refs(schema, where)]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        key = unescape_pointer_token(name)
        if key not in definitions:
            raise ValueError(f"{where}: $ref to unknown definition {name!r}")
        seen.add(name)
        pending.extend(definition_name(ref, f"{where} via {name}") for ref in walk_refs(definitions[key], where))
    return seen


def is_top_level_resource(schema):
    kind = schema.get("properties", {}).get("kind", {})
    return isinstance(kind, dict) and bool(kind.get("enum"))


def convert(source, dest):
    with open(os.path.join(source, "_definitions.json"), encoding="utf-8") as handle:
        definitions = json.load(handle)["$defs"]
    os.makedirs(dest, exist_ok=True)
    written = 0
    for filename in sorted(os.listdir(source)):
        if not filename.endswith(".json") or filename in ("_definitions.json", "all.json"):
            continue
        where = os.path.join(os.path.basename(source), filename)
        with open(os.path.join(source, filename), encoding="utf-8") as handle:
            schema = json.load(handle)
        if not is_top_level_resource(schema):
            continue
        if "$defs" in schema:
            raise ValueError(f"{where}: already has $defs")
        names = closure(schema, definitions, where)
        standalone = {key: value for key, value in localise(schema).items() if key != "$id"}
        standalone["$defs"] = {
            unescape_pointer_token(name): localise(definitions[unescape_pointer_token(name)]) for name in sorted(names)
        }
        with open(os.path.join(dest, filename), "w", encoding="utf-8") as handle:
            json.dump(standalone, handle, separators=(",", ":"), sort_keys=True)
        written += 1
    if written == 0:
        raise ValueError(f"{source}: no top-level resource schema found")
    return written


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    try:
        count = convert(argv[1], argv[2])
    except (OSError, ValueError, KeyError) as error:
        print(f"standalone_schemas.py: {error}", file=sys.stderr)
        return 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
