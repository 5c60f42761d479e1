"""Callback requests as the browser sends them, for tests and benchmarks."""

from __future__ import annotations


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
