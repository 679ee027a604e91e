"""AWS's own check of a request against the API model, done before any operation runs.

AWS parses every request into the operation's input shape first: a JSON value of the wrong type is a
`SerializationException`; a missing required member, a string too long or short, outside its enum or
pattern, or a number out of range is a validation error listing every problem, worded as AWS words it
("1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not
be null"; a sensitive value, such as a user name, is left out: "Value at 'username' ..."). Services
differ only in the error code that carries the list, so this module returns the problems and each
service raises its own code. The model is botocore's copy of AWS's; patterns are Java
regular expressions, which the `regex` module reads (Unicode properties such as `\\p{L}`), with Java's
ASCII-only `\\w`, `\\d` and `\\s`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import regex
from botocore.model import OperationModel, Shape
from moto.core.responses import TYPE_RESPONSE, BaseResponse
from werkzeug.exceptions import HTTPException

_JSON_TYPE = {bool: "BOOLEAN_VALUE", int: "NUMBER_VALUE", float: "NUMBER_VALUE", str: "STRING_VALUE"}


class SerializationError(Exception):
    """The request's JSON does not fit the input shape's types (AWS answers `SerializationException`)."""


@cache
def _pattern(java_pattern: str) -> Any:
    try:
        return regex.compile(java_pattern, regex.ASCII)
    except regex.error:  # a construct only Java knows: the lab cannot judge it, so it lets the value through
        return None


def check_types(shape: Shape, value: Any) -> None:
    """Raise `SerializationError` where a JSON value cannot be read as its member's type, as AWS's parser does."""
    if value is None:
        return
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise SerializationError(_misplaced(value, "Structure"))
        for name, member in shape.members.items():
            if name in value:
                check_types(member, value[name])
    elif kind == "map":
        if not isinstance(value, dict):
            raise SerializationError(_misplaced(value, "Structure"))
        for item in value.values():
            check_types(shape.value, item)
    elif kind == "list":
        if not isinstance(value, list):
            raise SerializationError(_misplaced(value, "List"))
        for item in value:
            check_types(shape.member, item)
    elif kind in ("string", "blob", "timestamp"):
        if not isinstance(value, str):
            raise SerializationError(f"{_json_type(value)} can not be converted to a String")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise SerializationError(f"{_json_type(value)} can not be converted to a Boolean")
    elif kind in ("integer", "long", "double", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SerializationError(f"{_json_type(value)} can not be converted to a{'n Integer' if kind in ('integer', 'long') else ' Double'}")


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "START_OBJECT"
    if isinstance(value, list):
        return "START_ARRAY"
    return _JSON_TYPE.get(type(value), "VALUE")


def _misplaced(value: Any, expected: str) -> str:
    """AWS's parser's words for a JSON value where a `expected` (Structure, List) belongs."""
    if isinstance(value, dict):
        return "Start of structure or map found where not expected."
    if isinstance(value, list):
        return "Start of list found where not expected"
    return f"{_json_type(value)} can not be converted to a {expected}"


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _value_at(shape: Shape, value: Any, path: str) -> str:
    """AWS names the bad value, except a sensitive one (user names, passwords, tokens, codes): it leaves that out."""
    inner = shape.member if shape.type_name == "list" else shape.value if shape.type_name == "map" else None
    if shape.metadata.get("sensitive") or (inner is not None and inner.metadata.get("sensitive")):
        return f"Value at '{path}' failed to satisfy constraint: "
    return f"Value '{_show(value)}' at '{path}' failed to satisfy constraint: "


def _string_constraints(shape: Shape, value: str) -> list[str]:
    found = []
    meta = shape.metadata
    if shape.enum and value not in shape.enum:
        found.append("Member must satisfy enum value set: [" + ", ".join(shape.enum) + "]")
    if "max" in meta and len(value) > meta["max"]:
        found.append(f"Member must have length less than or equal to {meta['max']}")
    if "min" in meta and len(value) < meta["min"]:
        found.append(f"Member must have length greater than or equal to {meta['min']}")
    pattern = _pattern(meta["pattern"]) if "pattern" in meta else None
    if pattern is not None and not pattern.fullmatch(value):
        found.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
    return found


def _problems(shape: Shape, value: Any, path: str) -> list[str]:
    kind, meta = shape.type_name, shape.metadata
    at = _value_at(shape, value, path)
    if kind == "structure":
        found = []
        for name, member in shape.members.items():
            member_path = f"{path}.{name[0].lower()}{name[1:]}" if path else f"{name[0].lower()}{name[1:]}"
            if value.get(name) is None:
                if name in shape.required_members:
                    found.append(f"Value null at '{member_path}' failed to satisfy constraint: Member must not be null")
                continue
            found.extend(_problems(member, value[name], member_path))
        return found
    if kind == "string":
        return [at + constraint for constraint in _string_constraints(shape, value)]
    if kind in ("integer", "long"):
        if "min" in meta and value < meta["min"]:
            return [at + f"Member must have value greater than or equal to {meta['min']}"]
        if "max" in meta and value > meta["max"]:
            return [at + f"Member must have value less than or equal to {meta['max']}"]
        return []
    if kind == "list":
        found = []
        if "max" in meta and len(value) > meta["max"]:
            found.append(at + f"Member must have length less than or equal to {meta['max']}")
        if "min" in meta and len(value) < meta["min"]:
            found.append(at + f"Member must have length greater than or equal to {meta['min']}")
        element = shape.member
        if element.type_name == "string":  # AWS reports a list of strings as one value with the element's rule
            broken = [c for item in value if item is not None for c in _string_constraints(element, item)]
            if broken:
                found.append(at + f"Member must satisfy constraint: [{broken[0]}]")
        else:
            for index, item in enumerate(value, start=1):
                if item is not None:
                    found.extend(_problems(element, item, f"{path}.{index}.member"))
        return found
    if kind == "map":
        found = []
        if "max" in meta and len(value) > meta["max"]:
            found.append(at + f"Member must have length less than or equal to {meta['max']}")
        for key, item in value.items():
            broken = _string_constraints(shape.key, key) if shape.key.type_name == "string" else []
            if item is not None and shape.value.type_name == "string":
                broken += _string_constraints(shape.value, item)
            if broken:
                found.append(at + f"Map value must satisfy constraint: [{broken[0]}]")
                break
        return found
    return []


def problems(operation: OperationModel, params: Any) -> list[str]:
    """Every way `params` (the request's parsed JSON) breaks the operation's input shape, in AWS's words.

    Raises `SerializationError` first if a value has the wrong JSON type: AWS stops at parsing then.
    """
    shape = operation.input_shape
    if shape is None:
        return []
    if not isinstance(params, dict):
        raise SerializationError(_misplaced(params, "Structure") if params is not None else "Request body is empty")
    check_types(shape, params)
    return _problems(shape, params, "")


def message(found: list[str]) -> str:
    """AWS's one-line summary of the problems `problems` found."""
    count = len(found)
    return f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(found)


def refuse(response: BaseResponse, error: HTTPException) -> TYPE_RESPONSE:
    """The HTTP answer for an AWS error raised before any operation runs (moto answers those raised inside)."""
    own: dict[str, Any] = {**dict(error.get_headers() or []), "status": error.code}
    sent = dict(getattr(response, "response_headers", None) or {"server": "amazon.com"})  # set last by setup_class
    status, headers, body = response._transform_response(sent, (error.description, own))
    headers, body = response._enrich_response(headers, body)
    return status, headers, body


def undecodable(error: UnicodeDecodeError) -> str:
    """AWS's parser's words for a body that is not UTF-8."""
    return f"Invalid UTF-8 start byte 0x{error.object[error.start]:02x}"
