"""Adjusts a spec so that progenitor 0.15 generates it: one request media type per operation
(application/json when offered), no image request bodies, one response type among the
successes and one among the errors (others dropped), no `format` on object schemas."""
import json, sys, yaml
src, dst = sys.argv[1], sys.argv[2]
doc = yaml.safe_load(open(src)) if src.endswith(".yaml") else json.load(open(src))
changes = {"media": 0, "kvpairs": 0, "responses": 0}
for path, item in doc.get("paths", {}).items():
    for method, op in item.items():
        if not isinstance(op, dict):
            continue
        body = op.get("requestBody")
        if isinstance(body, dict) and isinstance(body.get("content"), dict) and len(body["content"]) > 1:
            keep = "application/json" if "application/json" in body["content"] else sorted(body["content"])[0]
            body["content"] = {keep: body["content"][keep]}
            changes["media"] += 1
        if isinstance(body, dict) and isinstance(body.get("content"), dict):
            for media in list(body["content"]):
                if media.startswith("image/"):
                    del op["requestBody"]
                    changes["media"] += 1
                    break
        responses = op.get("responses") or {}
        for success in (True, False):
            codes = [c for c in responses if str(c).startswith("2") == success]
            content = [json.dumps(responses[c].get("content", responses[c].get("$ref")), sort_keys=True, default=str) for c in codes if isinstance(responses[c], dict)]
            for code, text in zip(codes, content):
                if text != content[0]:
                    del responses[code]; changes["responses"] += 1
def walk(node):
    if isinstance(node, dict):
        if node.get("type") == "object" and "format" in node:
            del node["format"]; changes["kvpairs"] += 1
        for v in node.values(): walk(v)
    elif isinstance(node, list):
        for v in node: walk(v)
walk(doc)
json.dump(doc, open(dst, "w"), indent=1, default=str)
print(src, changes)
