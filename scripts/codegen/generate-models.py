#!/usr/bin/env python3
"""Writes Sources/AWSClient/Generated/<Service>Model.swift from the installed botocore.

Each file embeds the botocore service model trimmed to the operations secmon uses (listed in
scripts/codegen/operations.json) and the shapes they reach, keeping only what serialisation and
validation need. Documentation is dropped. Structure members become an ordered list (each with
its "name"), because the wire order of XML and form members follows the model's order.

Usage: python3 scripts/codegen/generate-models.py [--out DIR]
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Swift file name stem per botocore service name.
FILE_STEMS = {
    "sts": "STS", "secretsmanager": "SecretsManager", "cloudtrail": "CloudTrail", "logs": "Logs",
    "cloudwatch": "CloudWatch", "sns": "SNS", "s3": "S3", "iam": "IAM", "sqs": "SQS", "events": "Events", "sso": "SSO", "athena": "Athena", "lambda": "Lambda",
    "resourcegroupstaggingapi": "ResourceGroupsTaggingAPI",
}

METADATA_KEYS = ["apiVersion", "awsQueryCompatible", "endpointPrefix", "globalEndpoint", "jsonVersion",
                 "protocol", "protocols", "serviceId", "signingName", "targetPrefix", "xmlNamespace"]
OPERATION_KEYS = ["http", "input", "output", "errors", "httpChecksum", "httpChecksumRequired", "authtype"]
SHAPE_KEYS = ["type", "required", "enum", "min", "max", "pattern", "locationName", "flattened",
              "xmlNamespace", "payload", "timestampFormat", "sensitive", "streaming", "error", "exception",
              "fault", "union", "document"]
REF_KEYS = ["shape", "location", "locationName", "queryName", "flattened", "xmlNamespace", "xmlAttribute",
            "timestampFormat", "jsonvalue", "idempotencyToken", "hostLabel", "streaming", "resultWrapper"]


def pick(source, keys):
    return {k: source[k] for k in keys if k in source}


def trim(model, operation_names, service):
    operations = {}
    for name in operation_names:
        if name not in model["operations"]:
            sys.exit(f"generate-models: {service} has no operation {name} in this botocore")
        op = pick(model["operations"][name], OPERATION_KEYS)
        for key in ("input", "output"):
            if key in op:
                op[key] = pick(op[key], REF_KEYS)
        if "errors" in op:
            op["errors"] = [e["shape"] for e in op["errors"]]
        operations[name] = op

    reachable, pending = set(), []
    for op in operations.values():
        for key in ("input", "output"):
            if key in op:
                pending.append(op[key]["shape"])
        pending.extend(op.get("errors", []))
    while pending:
        name = pending.pop()
        if name in reachable:
            continue
        reachable.add(name)
        shape = model["shapes"][name]
        for member in shape.get("members", {}).values():
            pending.append(member["shape"])
        for key in ("member", "key", "value"):
            if key in shape:
                pending.append(shape[key]["shape"])

    shapes = {}
    for name in sorted(reachable):
        source = model["shapes"][name]
        shape = pick(source, SHAPE_KEYS)
        if "members" in source:
            shape["members"] = [dict(name=m, **pick(ref, REF_KEYS)) for m, ref in source["members"].items()]
        for key in ("member", "key", "value"):
            if key in source:
                shape[key] = pick(source[key], REF_KEYS)
        shapes[name] = shape
    return {"metadata": pick(model["metadata"], METADATA_KEYS), "operations": operations, "shapes": shapes}


def compact(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=False, ensure_ascii=False)


def render_json(trimmed):
    """Compact JSON with one operation or shape per line, so regenerated files diff well."""
    lines = ['{"metadata":' + compact(trimmed["metadata"]) + ',', '"operations":{']
    ops = list(trimmed["operations"].items())
    for i, (name, op) in enumerate(ops):
        lines.append(compact(name) + ":" + compact(op) + ("," if i < len(ops) - 1 else ""))
    lines.append('},')
    lines.append('"shapes":{')
    shapes = list(trimmed["shapes"].items())
    for i, (name, shape) in enumerate(shapes):
        lines.append(compact(name) + ":" + compact(shape) + ("," if i < len(shapes) - 1 else ""))
    lines.append('}}')
    return "\n".join(lines)


def render_swift(service, trimmed, botocore_version):
    body = render_json(trimmed)
    hashes = "#"
    while ('"' + hashes) in body or ('\\' + hashes) in body:
        hashes += "#"
    api = trimmed["metadata"].get("apiVersion", "?")
    return (
        f"// GENERATED FILE, do not edit. Made by scripts/codegen/generate-models.py from botocore\n"
        f"// {botocore_version} ({service} API {api}), trimmed to the operations in\n"
        f"// scripts/codegen/operations.json. Regenerate: python3 scripts/codegen/generate-models.py\n"
        f"\n"
        f"extension EmbeddedModels {{\n"
        f"    static let {service}: String = {hashes}\"\"\"\n"
        f"{body}\n"
        f"\"\"\"{hashes}\n"
        f"}}\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(REPO, "Sources", "AWSClient", "Generated"))
    parser.add_argument("--operations", default=os.path.join(HERE, "operations.json"))
    args = parser.parse_args()
    try:
        import botocore
        import botocore.session
    except ImportError:
        sys.exit("generate-models: botocore is not installed; run scripts/install-deps")

    with open(args.operations) as f:
        wanted = json.load(f)
    loader = botocore.session.get_session().get_component("data_loader")
    os.makedirs(args.out, exist_ok=True)
    for service, operation_names in wanted.items():
        model = loader.load_service_model(service, "service-2")
        trimmed = trim(model, operation_names, service)
        path = os.path.join(args.out, FILE_STEMS[service] + "Model.swift")
        with open(path, "w") as f:
            f.write(render_swift(service, trimmed, botocore.__version__))


if __name__ == "__main__":
    main()
