"""Deploy a handler written in a notebook cell as a real Lambda function, and read its log, in one call each.

`deploy` does with plain boto3 what a learner would do by hand: package the source in a zip, make sure an
execution role exists, `create_function` (or update it when the name exists), and grant Amazon Cognito
permission to invoke it (`add_permission`), as the Cognito console does when you pick a trigger.
"""

from __future__ import annotations

import builtins
import difflib
import inspect
import io
import json
import textwrap
import types
import zipfile
from collections.abc import Callable
from typing import Any

import boto3

from labkit.runtime import LabError, current

ROLE_NAME = "labkit-lambda-execution"
STATEMENT_ID = "labkit-deploy-invoke"
MODULE = "lambda_function"
RUNTIME = "python3.12"
_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}
_LITERALS = (str, int, float, bool, type(None))


def _literal(value: Any) -> bool:
    if isinstance(value, _LITERALS):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_literal(item) for item in value)
    if isinstance(value, dict):
        return all(_literal(k) and _literal(v) for k, v in value.items())
    return False


def _names(code: types.CodeType) -> set[str]:
    """Global names a function's code (and its nested functions and comprehensions) reads."""
    found = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _names(const)
    return found


def _source(func: types.FunctionType) -> str:
    try:
        return textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        raise LabError(
            f"labkit.deploy could not read the source of {func.__name__!r}; define it with `def` in a cell "
            "(not a lambda expression or a function loaded from a compiled module)."
        ) from None


def package(handler: Callable[..., Any]) -> bytes:
    """A deployment zip holding `lambda_function.py`: the handler, the notebook functions it calls, and the
    modules and plain constants it reads from the notebook's globals."""
    if not isinstance(handler, types.FunctionType) or handler.__name__ == "<lambda>":
        raise LabError("labkit.deploy takes a function defined with `def name(event, context):` in the notebook.")
    imports: dict[str, str] = {}
    constants: dict[str, str] = {}
    functions: dict[str, str] = {}
    pending = [handler]
    while pending:
        func = pending.pop()
        if func.__name__ in functions:
            continue
        if func.__code__.co_freevars:
            raise LabError(
                f"{func.__name__} uses {', '.join(func.__code__.co_freevars)} of an enclosing function; "
                "define it at the top level of a cell so it can be deployed on its own."
            )
        functions[func.__name__] = _source(func)
        for name in sorted(_names(func.__code__)):
            if name in functions or name in imports or name in constants or name not in func.__globals__:
                continue
            value = func.__globals__[name]
            if isinstance(value, types.ModuleType):
                imports[name] = (
                    f"import {value.__name__}" if value.__name__ == name else f"import {value.__name__} as {name}"
                )
            elif isinstance(value, types.FunctionType) and value.__globals__ is func.__globals__:
                pending.append(value)
            elif (module := getattr(value, "__module__", None)) and module not in ("__main__", None) and hasattr(
                value, "__qualname__"
            ):
                imports[name] = f"from {module} import {value.__qualname__} as {name}"
            elif _literal(value):
                constants[name] = f"{name} = {value!r}"
            elif not hasattr(builtins, name):
                raise LabError(
                    f"{handler.__name__} uses {name!r} from the notebook, which cannot be packaged "
                    f"({type(value).__name__}); create it inside the function instead."
                )
    parts = [*sorted(imports.values()), *constants.values(), *reversed(list(functions.values()))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{MODULE}.py", "\n\n".join(part.rstrip("\n") for part in parts) + "\n")
    return buffer.getvalue()


def _role_arn(iam: Any) -> str:
    try:
        return iam.get_role(RoleName=ROLE_NAME)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        return iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(_TRUST))["Role"]["Arn"]


def deploy(
    handler: Callable[..., Any],
    name: str | None = None,
    *,
    timeout: int = 3,
    memory_size: int = 128,
    environment: dict[str, str] | None = None,
    invoker: str | None = "cognito-idp.amazonaws.com",
) -> str:
    """Deploy `handler` as Lambda function `name` (default: the handler's name) and return its ARN.

    Running the cell again updates the code. `invoker` is the service principal granted
    `lambda:InvokeFunction` (Cognito by default, as the console does); pass None to grant nothing.
    """
    if current() is None:
        raise LabError("No lab is running; run `lab = labkit.start()` first.")
    name = name or handler.__name__
    client = boto3.client("lambda")
    zipped = package(handler)
    settings = {
        "Runtime": RUNTIME,
        "Handler": f"{MODULE}.{handler.__name__}",
        "Timeout": timeout,
        "MemorySize": memory_size,
        "Environment": {"Variables": dict(environment or {})},
    }
    try:
        arn = client.create_function(
            FunctionName=name, Role=_role_arn(boto3.client("iam")), Code={"ZipFile": zipped}, **settings
        )["FunctionArn"]
    except client.exceptions.ResourceConflictException:
        client.update_function_code(FunctionName=name, ZipFile=zipped)
        arn = client.update_function_configuration(FunctionName=name, **settings)["FunctionArn"]
    try:  # the grant deploy manages follows `invoker` on every deploy
        client.remove_permission(FunctionName=name, StatementId=STATEMENT_ID)
    except client.exceptions.ResourceNotFoundException:
        pass
    if invoker is not None:
        client.add_permission(
            FunctionName=name, StatementId=STATEMENT_ID, Action="lambda:InvokeFunction", Principal=invoker
        )
    return arn


def logs(function_name: str) -> list[str]:
    """Every line the function logged (START, your prints, errors, END, REPORT), oldest first."""
    from labkit.aws.awslambda import logs as lambda_logs  # moto's Lambda loads with the lab, not at import

    lab = current()
    if lab is None:
        raise LabError("No lab is running; run `lab = labkit.start()` first.")
    lines = lambda_logs.read(lab.account_id, lab.region, function_name)
    if not lines:
        names = [fn["FunctionName"] for fn in boto3.client("lambda").list_functions()["Functions"]]
        if function_name not in names:
            close = difflib.get_close_matches(function_name, names, n=3)
            known = f"Did you mean {', '.join(close)}?" if close else f"Functions: {', '.join(names) or 'none yet'}."
            raise LabError(f"No Lambda function named {function_name!r}. {known}")
    return lines
