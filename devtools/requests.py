"""Callback requests as the browser sends them, for tests and benchmarks."""

from __future__ import annotations

import json


def callback_payload(
    app, first_output: str, values: dict[str, object], changed: str
) -> dict:
    """The JSON a browser posts to ``/_dash-update-component`` for the callback whose
    first output is ``first_output`` ("url.search"); ``values`` maps "id.prop" to the
    input's value, pattern-matching inputs match no component."""
    key = next(k for k in app.callback_map if k.lstrip(".").startswith(first_output))
    outputs = []
    for part in key.strip(".").split("..."):
        component, _, prop = part.rpartition(".")
        outputs.append({"id": component, "property": prop})
    inputs = []
    for spec in app.callback_map[key]["inputs"]:
        if spec["id"].startswith("{"):
            inputs.append([])
        else:
            name = f"{spec['id']}.{spec['property']}"
            inputs.append({**spec, "value": values.get(name)})
    return {
        "output": key,
        "outputs": outputs,
        "inputs": inputs,
        "changedPropIds": [changed],
    }


def pattern_payload(
    app,
    first_output: str,
    trigger: dict,
    prop: str,
    value: object,
    states: dict[str, object],
) -> dict:
    """The JSON for a callback fired by the pattern-matched component ``trigger``
    (its one ALL or MATCH input); ``states`` maps "id.prop" to each State's value."""
    key = next(k for k in app.callback_map if k.lstrip(".").startswith(first_output))
    spec = app.callback_map[key]
    wildcard = json.loads(spec["inputs"][0]["id"])
    matched = any(v == ["MATCH"] for v in wildcard.values())
    outputs = []
    for part in key.strip(".").split("..."):
        component, _, output_prop = part.rpartition(".")
        if component.startswith("{"):
            pattern = json.loads(component)
            if ["ALL"] in pattern.values():  # the components it matches: none here
                outputs.append([])
                continue
            component = {
                name: trigger[name] if v == ["MATCH"] else v
                for name, v in pattern.items()
            }
        outputs.append({"id": component, "property": output_prop})
    fired = {"id": trigger, "property": prop, "value": value}
    return {
        "output": key,
        "outputs": outputs,
        "inputs": [fired if matched else [fired]],
        "state": [
            {**s, "value": states.get(f"{s['id']}.{s['property']}")}
            for s in spec.get("state", [])
        ],
        "changedPropIds": [
            json.dumps(trigger, sort_keys=True, separators=(",", ":")) + "." + prop
        ],
    }
