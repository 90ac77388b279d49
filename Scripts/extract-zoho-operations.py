#!/usr/bin/env python3
"""Extract the facts of Zoho Billing's OpenAPI documents into the fixture the conformance tests read.

Usage:
    python3 Scripts/extract-zoho-operations.py OPENAPI_DIR [OUTPUT]

OPENAPI_DIR holds Zoho's Billing OpenAPI documents (one `*.yml` per module; they are not part of this
repository). OUTPUT defaults to Tests/ZohoBillingToolsTests/Fixtures/zoho-billing-operations.json.

Only facts are written, never Zoho's prose: for each operation its module, method and path, the names of its
path parameters, the names of its query parameters (with the enum values a description lists, where it lists
them; a list filter the operation's text names as `<code>customer_id={customer_id}</code>` counts too), and the request body's field names and required fields. Nested fields are written as paths:
`invoice_items[].product_id` is a field of each element of the array `invoice_items`, `customer.email` a field of
the object `customer`. Where a body offers alternatives (`oneOf`), the fields of every alternative are listed and
only the fields every alternative requires count as required.

The expense, recurring-expense, project, task and time-entry modules are left out: those belong to Zoho's
time-tracking side, which this server does not cover.

Needs Python 3 and PyYAML (`pip install pyyaml`, or Debian's python3-yaml). The output is deterministic
(sorted, two-space indented), so re-running it on the same documents changes nothing.
"""

import json
import os
import re
import sys

import yaml

EXCLUDED_MODULES = ["expenses", "projects", "recurring-expenses", "tasks", "time-entries"]
METHODS = ["get", "post", "put", "delete", "patch"]
DEFAULT_OUTPUT = os.path.join("Tests", "ZohoBillingToolsTests", "Fixtures", "zoho-billing-operations.json")


def resolve(document, node, seen=()):
    """Follow local `$ref`s until a node that is not a reference."""
    while isinstance(node, dict) and "$ref" in node:
        reference = node["$ref"]
        if reference in seen or not reference.startswith("#/"):
            return {}
        seen = seen + (reference,)
        target = document
        for part in reference[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target
    return node if isinstance(node, dict) else {}


def body_fields(document, schema, prefix, depth=0):
    """Every field path of a body schema, and the required ones (required within their parent)."""
    schema = resolve(document, schema)
    if depth > 6:
        return set(), set()
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if alternatives:
        fields, required_sets = set(), []
        for alternative in alternatives:
            merged = dict(schema)
            merged.pop("oneOf", None)
            merged.pop("anyOf", None)
            alternative = resolve(document, alternative)
            merged["properties"] = {**schema.get("properties", {}), **alternative.get("properties", {})}
            merged["required"] = list(schema.get("required", [])) + list(alternative.get("required", []))
            alternative_fields, alternative_required = body_fields(document, merged, prefix, depth)
            fields |= alternative_fields
            required_sets.append(alternative_required)
        return fields, set.intersection(*required_sets) if required_sets else set()
    for part in schema.get("allOf", []):
        part = resolve(document, part)
        schema = {
            **schema,
            "properties": {**schema.get("properties", {}), **part.get("properties", {})},
            "required": list(schema.get("required", [])) + list(part.get("required", [])),
        }
    if schema.get("type") == "array" or "items" in schema:
        return body_fields(document, schema.get("items", {}), prefix + "[]", depth + 1)
    fields, required = set(), set()
    properties = schema.get("properties", {})
    for name in properties:
        path = f"{prefix}.{name}" if prefix else name
        fields.add(path)
        nested_fields, nested_required = body_fields(document, properties[name], path, depth + 1)
        fields |= nested_fields
        required |= nested_required
    # A required name counts as documented even where the properties spell the field otherwise (invoice_items
    # require `rate` but describe `price`): the document names it either way.
    for name in schema.get("required", []):
        path = f"{prefix}.{name}" if prefix else name
        required.add(path)
        fields.add(path)
    return fields, required


CODE = re.compile(r"<code>\s*([^<]*?)\s*</code>")
PREFIXED_LIST = re.compile(r"([A-Za-z]+)\.\(([^)]*)\)")
PROSE_PARAMETER = re.compile(r"<code>\s*([a-z_]+)=\{")
VALUES_FOR = re.compile(r"values for ([A-Za-z]+) are", re.IGNORECASE)


def query_enum(name, parameter):
    """The values a string query parameter's description lists as allowed, in Zoho's spelling."""
    description = parameter.get("description") or ""
    if resolve({}, parameter.get("schema", {})).get("type", "string") != "string":
        return []
    if not re.search(r"(allowed|possible) values", description, re.IGNORECASE):
        return []
    values = []
    for prefix, inner in PREFIXED_LIST.findall(description):
        values += [f"{prefix}.{value}" for value in CODE.findall(inner)]
    remainder = PREFIXED_LIST.sub("", description)
    qualifier = VALUES_FOR.search(remainder)
    for value in CODE.findall(remainder):
        if value == name or not value:
            continue
        if "." not in value and qualifier:
            value = f"{qualifier.group(1)}.{value}"
        values.append(value)
    return sorted(set(values))


def operations(directory):
    result = []
    for file_name in sorted(os.listdir(directory)):
        if not file_name.endswith(".yml"):
            continue
        module = file_name[: -len(".yml")]
        if module in EXCLUDED_MODULES:
            continue
        with open(os.path.join(directory, file_name), encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
        for path, item in (document.get("paths") or {}).items():
            shared = [resolve(document, parameter) for parameter in item.get("parameters", [])]
            for method in METHODS:
                if method not in item:
                    continue
                operation = item[method]
                parameters = shared + [resolve(document, p) for p in operation.get("parameters", [])]
                path_parameters = sorted({p["name"] for p in parameters if p.get("in") == "path"})
                query = {}
                for parameter in parameters:
                    if parameter.get("in") == "query":
                        query[parameter["name"]] = query_enum(parameter["name"], parameter)
                # Some list filters are named only in the operation's prose, as `<code>customer_id={...}</code>`.
                for name in PROSE_PARAMETER.findall(operation.get("description") or ""):
                    query.setdefault(name, [])
                content = (operation.get("requestBody") or {}).get("content") or {}
                fields, required = set(), set()
                for media_type in sorted(content):
                    media_fields, media_required = body_fields(document, content[media_type].get("schema", {}), "")
                    fields |= media_fields
                    required |= media_required
                entry = {
                    "module": module,
                    "method": method.upper(),
                    "path": path,
                    "path_parameters": path_parameters,
                    "query_parameters": [
                        {"name": name, **({"enum": query[name]} if query[name] else {})} for name in sorted(query)
                    ],
                    "body_content_types": sorted(content),
                    "body_fields": sorted(fields),
                    "required_body_fields": sorted(required),
                }
                result.append(entry)
    result.sort(key=lambda entry: (entry["path"], entry["method"]))
    return result


def main(arguments):
    if len(arguments) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    directory = arguments[1]
    output = arguments[2] if len(arguments) == 3 else DEFAULT_OUTPUT
    extracted = operations(directory)
    fixture = {
        "about": "Facts extracted from Zoho Billing's OpenAPI documents by Scripts/extract-zoho-operations.py; "
        "regenerate with that script, do not edit by hand.",
        "excluded_modules": EXCLUDED_MODULES,
        "operations": extracted,
    }
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(fixture, handle, indent=2, sort_keys=True)
        handle.write("\n")
    print(f"{len(extracted)} operations written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
