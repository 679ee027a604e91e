"""A pool's attribute schema as AWS applies it: known names only, required, mutable, lengths, formats.

Standard attributes always exist (moto drops them when a pool declares custom ones; the lab puts them
back); custom ones are `custom:<name>` and must be declared on the pool.
"""

from __future__ import annotations

import re
from typing import Any

from moto.cognitoidp.models import CognitoIdpUserPoolAttribute

from labkit.aws.cognito_idp.exceptions import InvalidParameterException, NotAuthorizedException, validation_error

STANDARD = CognitoIdpUserPoolAttribute.STANDARD_SCHEMA
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+[0-9]{4,15}")
_SCHEMA_ERROR = "Attributes did not conform to the schema: "


USERNAME_PATTERN = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"  # AWS's pattern: letters, marks, symbols, numbers, punctuation


def check_username(username: str, member: str = "username") -> None:
    """AWS's model check of a user name: 1 to 128 characters, no whitespace or control characters."""
    if len(username) > 128:
        raise validation_error(username, member, "Member must have length less than or equal to 128", sensitive=True)
    if not username or any(c.isspace() or not c.isprintable() for c in username):
        raise validation_error(username, member, "Member must satisfy regular expression pattern: " + USERNAME_PATTERN, sensitive=True)


def check_code(code: str, member: str = "confirmationCode") -> None:
    """AWS's model check of a confirmation code: no whitespace, at most 2048 characters."""
    if len(code) > 2048:
        raise validation_error(code, member, "Member must have length less than or equal to 2048")
    if not code or any(c.isspace() for c in code):
        raise validation_error(code, member, r"Member must satisfy regular expression pattern: [\S]+")


def check_declarations(declarations: list[dict[str, Any]]) -> None:
    """A pool's Schema: every attribute it declares needs a name (AWS's model leaves `Name` optional)."""
    if any(not declaration.get("Name") for declaration in declarations):
        raise InvalidParameterException("Attribute name is required.")  # the lab's wording; AWS's is not documented


def check_username_attributes(pool: Any, username: str) -> str | None:
    """For a pool that signs in with email and/or phone: which attribute `username` is, or AWS's error."""
    allowed = pool.extended_config.get("UsernameAttributes") or []
    if not allowed:
        return None
    if "email" in allowed and EMAIL.fullmatch(username):
        return "email"
    if "phone_number" in allowed and PHONE.fullmatch(username):
        return "phone_number"
    if allowed == ["email"]:
        raise InvalidParameterException("Username should be an email.")
    if allowed == ["phone_number"]:
        raise InvalidParameterException("Username should be a phone number.")
    raise InvalidParameterException("Username should be either an email or a phone number.")


def complete_standard(pool: Any) -> None:
    """Give a pool every standard attribute AWS gives it, next to the ones it declared."""
    for name, definition in STANDARD.items():
        if name not in pool.schema_attributes:
            pool.schema_attributes[name] = CognitoIdpUserPoolAttribute(name, False, definition)


def _definition(pool: Any, name: str) -> Any:
    return pool.schema_attributes.get(name)


def check_names_and_values(pool: Any, attributes: list[dict[str, str]]) -> None:
    """Every attribute must be declared, and each value must fit its type, length and format."""
    problems = []
    for attribute in attributes:
        name, value = attribute.get("Name", ""), attribute.get("Value", "")
        definition = _definition(pool, name)
        if definition is None:
            problems.append(f"{name}: Attribute does not exist in the schema.")
            continue
        constraints = getattr(definition, "string_constraints", None) or {}
        maximum = constraints.get("MaxLength")
        if definition.data_type == "String" and maximum is not None and len(value) > int(maximum):
            problems.append(f"{name}: String must be no longer than {maximum} characters")
        minimum = constraints.get("MinLength")
        if definition.data_type == "String" and minimum is not None and value and len(value) < int(minimum):
            problems.append(f"{name}: String must be no shorter than {minimum} characters")
        if definition.data_type == "Number" and value and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
            problems.append(f"{name}: Number must be a valid number")
        if definition.data_type == "Boolean" and value not in ("true", "false"):
            problems.append(f"{name}: Value must be true or false")
    if problems:
        raise InvalidParameterException(_SCHEMA_ERROR + "".join(p + "\n" for p in problems))
    values = {a["Name"]: a.get("Value", "") for a in attributes}
    if "email" in values and not EMAIL.fullmatch(values["email"]):
        raise InvalidParameterException("Invalid email address format.")
    if "phone_number" in values and not PHONE.fullmatch(values["phone_number"]):
        raise InvalidParameterException("Invalid phone number format.")


def check_required(pool: Any, attributes: list[dict[str, str]]) -> None:
    """Sign-up and AdminCreateUser must give every attribute the pool requires."""
    given = {a["Name"] for a in attributes if a.get("Value")}
    missing = [
        name for name, definition in pool.schema_attributes.items() if definition.required and name != "sub" and name not in given
    ]
    if missing:
        raise InvalidParameterException(_SCHEMA_ERROR + "".join(f"{name}: The attribute is required\n" for name in missing))


def check_update(pool: Any, user: Any, attributes: list[dict[str, str]], client: Any | None = None) -> None:
    """An update may not touch immutable attributes that already have a value, nor attributes the client may not write."""
    check_names_and_values(pool, attributes)
    for attribute in attributes:
        name = attribute["Name"]
        definition = _definition(pool, name)
        if name == "sub" or (not definition.mutable and name in user.attribute_lookup):
            raise InvalidParameterException(f"{_SCHEMA_ERROR}{name}: Attribute cannot be updated. (changing an immutable attribute)\n")
    writable = (client.extended_config.get("WriteAttributes") if client is not None else None) or None
    if writable is not None:
        for attribute in attributes:
            if attribute["Name"] not in writable and not attribute["Name"].endswith("_verified"):
                raise NotAuthorizedException("A client attempted to write unauthorized attribute")
