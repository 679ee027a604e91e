"""The in-process Lambda runtime, through boto3's `lambda` and `logs` clients and labkit.deploy/labkit.logs."""

from __future__ import annotations

import base64
import io
import json
import os
import threading
import time
import zipfile

import boto3
import pytest
from botocore.exceptions import ClientError

import labkit
from labkit import LabError

ROLE_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
)


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def create(name: str, source: str, *, handler: str = "app.handler", timeout: int = 3, **extra: object) -> str:
    """Create a function the way a learner does with plain boto3: a role, a zip, create_function."""
    iam = boto3.client("iam")
    try:
        role = iam.get_role(RoleName="test-role")["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        role = iam.create_role(RoleName="test-role", AssumeRolePolicyDocument=ROLE_TRUST)["Role"]["Arn"]
    return boto3.client("lambda").create_function(
        FunctionName=name,
        Runtime=str(extra.pop("Runtime", "python3.12")),
        Role=role,
        Handler=handler,
        Code={"ZipFile": zip_of({"app.py": source})},
        Timeout=timeout,
        **extra,
    )["FunctionArn"]


def call(name: str, event: object = None, **kwargs: object) -> dict:
    response = boto3.client("lambda").invoke(FunctionName=name, Payload=json.dumps(event or {}), **kwargs)
    response["Body"] = json.loads(response["Payload"].read() or b"null")
    return response


def test_invoke_returns_the_handlers_value(lab: labkit.Lab) -> None:
    create("echo", "def handler(event, context):\n    return {'got': event['n'] * 2}\n")
    response = call("echo", {"n": 21})
    assert response["StatusCode"] == 200
    assert response["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in response
    assert response["Body"] == {"got": 42}


def test_an_exception_is_an_unhandled_function_error_with_the_learners_traceback(lab: labkit.Lab) -> None:
    create("fails", "def handler(event, context):\n    raise ValueError('no such user')\n")
    response = call("fails")
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    body = response["Body"]
    assert body["errorType"] == "ValueError"
    assert body["errorMessage"] == "no such user"
    assert body["stackTrace"] == [
        '  File "/var/task/app.py", line 2, in handler\n    raise ValueError(\'no such user\')\n'
    ]
    assert all("labkit" not in line for line in body["stackTrace"])


def test_context_carries_lambdas_fields(lab: labkit.Lab) -> None:
    arn = create(
        "ctx",
        "def handler(event, context):\n"
        "    return {k: getattr(context, k) for k in ('function_name', 'function_version', 'invoked_function_arn',\n"
        "            'memory_limit_in_mb', 'aws_request_id', 'log_group_name', 'log_stream_name')} | {\n"
        "            'remaining': context.get_remaining_time_in_millis()}\n",
        timeout=7,
        MemorySize=256,
    )
    body = call("ctx")["Body"]
    assert body["function_name"] == "ctx"
    assert body["function_version"] == "$LATEST"
    assert body["invoked_function_arn"] == arn
    assert body["memory_limit_in_mb"] == "256"
    assert len(body["aws_request_id"]) == 36
    assert body["log_group_name"] == "/aws/lambda/ctx"
    assert body["log_stream_name"].endswith(body["log_stream_name"][-32:]) and "/[$LATEST]" in body["log_stream_name"]
    assert 6000 < body["remaining"] <= 7000


def test_prints_and_errors_go_to_the_log_group(lab: labkit.Lab) -> None:
    create("talks", "def handler(event, context):\n    print('hello', event['who'])\n    if event.get('fail'):\n        raise KeyError('x')\n    return 1\n")
    first = call("talks", {"who": "ana"})
    second = call("talks", {"who": "bo", "fail": True})
    lines = labkit.logs("talks")
    assert lines[0].startswith("START RequestId: ") and lines[0].endswith(" Version: $LATEST")
    assert "FunctionError" not in first
    assert "hello ana" in lines and "hello bo" in lines
    assert any(line.startswith("[ERROR] KeyError: 'x'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 4") for line in lines)
    assert [line.split(" ")[0] for line in lines if line.split(" ")[0] in ("START", "END", "REPORT")] == ["START", "END", "REPORT"] * 2
    logs = boto3.client("logs")
    streams = logs.describe_log_streams(logGroupName="/aws/lambda/talks")["logStreams"]
    assert len(streams) == 1  # one warm execution environment served both
    events = logs.get_log_events(logGroupName="/aws/lambda/talks", logStreamName=streams[0]["logStreamName"])["events"]
    assert [e["message"] for e in events] == lines
    assert second["FunctionError"] == "Unhandled"


def test_log_type_tail_returns_the_log_in_base64(lab: labkit.Lab) -> None:
    create("tail", "def handler(event, context):\n    print('visible in the tail')\n    return None\n")
    response = call("tail", LogType="Tail")
    tail = base64.b64decode(response["LogResult"]).decode()
    assert "visible in the tail" in tail
    assert tail.startswith("START RequestId: ") and "\nREPORT RequestId: " in tail
    assert "LogResult" not in call("tail")


def test_a_handler_past_its_timeout_does_not_hang_and_gets_lambdas_timeout_error(lab: labkit.Lab) -> None:
    create(
        "spins",
        "import itertools\ndef handler(event, context):\n    for _ in itertools.count():\n        pass\n",
        timeout=1,
        Environment={"Variables": {"SPIN_MODE": "forever"}},
    )
    before = {t for t in threading.enumerate() if t.name == "lambda:spins"}
    started = time.monotonic()
    response = call("spins")
    assert time.monotonic() - started < 2.5  # returned at the 1 s deadline, not never
    assert response["FunctionError"] == "Unhandled"
    assert response["Body"]["errorType"] == "Sandbox.Timedout"
    assert response["Body"]["errorMessage"].endswith("Error: Task timed out after 1.00 seconds")
    assert any(line.endswith("Task timed out after 1.00 seconds") for line in labkit.logs("spins"))
    assert "SPIN_MODE" not in os.environ
    deadline = time.monotonic() + 2
    while any(t.is_alive() for t in threading.enumerate() if t.name == "lambda:spins" and t not in before):
        assert time.monotonic() < deadline, "the runaway handler was not stopped"
        time.sleep(0.01)


def test_module_state_survives_between_warm_invocations_and_new_code_starts_fresh(lab: labkit.Lab) -> None:
    create("count", "calls = 0\ndef handler(event, context):\n    global calls\n    calls += 1\n    return calls\n")
    assert [call("count")["Body"] for _ in range(3)] == [1, 2, 3]
    boto3.client("lambda").update_function_code(
        FunctionName="count", ZipFile=zip_of({"app.py": "def handler(event, context):\n    return 'v2'\n"})
    )
    assert call("count")["Body"] == "v2"


def test_functions_with_the_same_module_name_are_isolated(lab: labkit.Lab) -> None:
    create("one", "NAME = 'one'\ndef handler(event, context):\n    return NAME\n")
    create("two", "NAME = 'two'\ndef handler(event, context):\n    return NAME\n")
    assert [call("one")["Body"], call("two")["Body"], call("one")["Body"]] == ["one", "two", "one"]
    assert "app" not in __import__("sys").modules


def test_environment_variables_are_set_for_the_invocation_only(lab: labkit.Lab) -> None:
    create(
        "env",
        "import os\ndef handler(event, context):\n    return [os.environ['TABLE'], os.environ['AWS_LAMBDA_FUNCTION_NAME']]\n",
        Environment={"Variables": {"TABLE": "users"}},
    )
    assert call("env")["Body"] == ["users", "env"]
    assert "TABLE" not in os.environ


@pytest.mark.parametrize(
    ("source", "handler", "error_type", "message"),
    [
        ("def handler(e, c):\n    return 1\n", "missing.handler", "Runtime.ImportModuleError", "Unable to import module 'missing': No module named 'missing'"),
        ("def other(e, c):\n    return 1\n", "app.handler", "Runtime.HandlerNotFound", "Handler 'handler' missing on module 'app'"),
        ("def handler(e, c)\n    return 1\n", "app.handler", "Runtime.UserCodeSyntaxError", "Syntax error in module 'app': expected ':' (app.py, line 1)"),
        ("import not_a_module\ndef handler(e, c):\n    return 1\n", "app.handler", "Runtime.ImportModuleError", "Unable to import module 'app': No module named 'not_a_module'"),
        ("def handler(e, c):\n    return object()\n", "app.handler", "Runtime.MarshalError", "Unable to marshal response: Object of type object is not JSON serializable"),
    ],
)
def test_code_that_cannot_load_or_answer_gets_the_runtimes_error(
    lab: labkit.Lab, source: str, handler: str, error_type: str, message: str
) -> None:
    create("broken", source, handler=handler)
    response = call("broken")
    assert response["FunctionError"] == "Unhandled"
    assert (response["Body"]["errorType"], response["Body"]["errorMessage"]) == (error_type, message)


def test_a_payload_that_is_not_json_is_refused_by_lambda(lab: labkit.Lab) -> None:
    create("json", "def handler(e, c):\n    return e\n")
    with pytest.raises(ClientError) as raised:
        boto3.client("lambda").invoke(FunctionName="json", Payload=b"{not json")
    assert raised.value.response["Error"]["Code"] == "InvalidRequestContentException"
    assert raised.value.response["Error"]["Message"].startswith("Could not parse request body into json: ")


def test_a_non_python_runtime_is_refused_with_invalid_runtime(lab: labkit.Lab) -> None:
    create("node", "exports.handler = async () => 1;\n", handler="index.handler", Runtime="nodejs20.x")
    with pytest.raises(ClientError) as raised:
        call("node")
    assert raised.value.response["Error"]["Code"] == "InvalidRuntimeException"


def test_unknown_function_is_resource_not_found(lab: labkit.Lab) -> None:
    with pytest.raises(ClientError) as raised:
        call("nobody")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_event_and_dry_run_invocation_types(lab: labkit.Lab) -> None:
    create("async", "def handler(e, c):\n    print('ran async')\n")
    assert call("async", InvocationType="DryRun")["StatusCode"] == 204
    assert labkit.logs("async") == []
    assert call("async", InvocationType="Event")["StatusCode"] == 202
    deadline = time.monotonic() + 2
    while "ran async" not in labkit.logs("async"):
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_the_notebooks_own_prints_are_not_captured(lab: labkit.Lab, capsys: pytest.CaptureFixture[str]) -> None:
    create("quiet", "def handler(e, c):\n    print('inside')\n")
    print("before")
    call("quiet")
    print("after")
    assert capsys.readouterr().out == "before\nafter\n"


def test_invoke_over_http_on_the_lab_endpoint(lab: labkit.Lab) -> None:
    create("http", "def handler(e, c):\n    return {'over': 'http', 'n': e['n']}\n")
    client = boto3.client("lambda", endpoint_url=lab.endpoint_url)
    response = client.invoke(FunctionName="http", Payload=b'{"n": 3}', LogType="Tail")
    assert json.loads(response["Payload"].read()) == {"over": "http", "n": 3}
    assert "START RequestId" in base64.b64decode(response["LogResult"]).decode()


def test_invoke_a_published_version(lab: labkit.Lab) -> None:
    create("ver", "def handler(e, c):\n    return c.function_version\n")
    client = boto3.client("lambda")
    version = client.publish_version(FunctionName="ver")["Version"]
    response = client.invoke(FunctionName="ver", Qualifier=version)
    assert response["ExecutedVersion"] == version
    assert json.loads(response["Payload"].read()) == version


# --- labkit.deploy -------------------------------------------------------------------------------------------

import json as notebook_json  # noqa: E402  (a notebook-level import the deployed handler uses)

DOMAIN = "example.com"


def _suffix(address: str) -> str:
    return address.rsplit("@", 1)[-1]


def welcome(event, context):  # type: ignore[no-untyped-def]
    print(notebook_json.dumps({"domain": _suffix(event["email"]), "ours": _suffix(event["email"]) == DOMAIN}))
    return event


def test_deploy_packages_the_handler_with_what_it_uses_from_the_notebook(lab: labkit.Lab) -> None:
    arn = labkit.deploy(welcome)
    assert arn == f"arn:aws:lambda:{lab.region}:{lab.account_id}:function:welcome"
    response = call("welcome", {"email": "ana@example.com"})
    assert "FunctionError" not in response, response["Body"]
    assert '{"domain": "example.com", "ours": true}' in labkit.logs("welcome")
    policy = json.loads(boto3.client("lambda").get_policy(FunctionName="welcome")["Policy"])
    assert policy["Statement"][0]["Principal"] == {"Service": "cognito-idp.amazonaws.com"}
    config = boto3.client("lambda").get_function_configuration(FunctionName="welcome")
    assert (config["Runtime"], config["Handler"], config["Timeout"]) == ("python3.12", "lambda_function.welcome", 3)


def test_deploy_again_updates_code_and_settings(lab: labkit.Lab) -> None:
    def handler(event, context):  # type: ignore[no-untyped-def]
        return 1

    labkit.deploy(handler, name="again")

    def handler(event, context):  # type: ignore[no-untyped-def]  # noqa: F811
        return 2

    labkit.deploy(handler, name="again", timeout=5, invoker=None)
    assert call("again")["Body"] == 2
    assert boto3.client("lambda").get_function_configuration(FunctionName="again")["Timeout"] == 5
    with pytest.raises(ClientError):
        boto3.client("lambda").get_policy(FunctionName="again")


_LOCK = threading.Lock()


def uses_a_lock(event, context):  # type: ignore[no-untyped-def]
    return _LOCK.locked()


def test_deploy_refuses_what_it_cannot_package(lab: labkit.Lab) -> None:
    with pytest.raises(LabError, match="uses '_LOCK' from the notebook"):
        labkit.deploy(uses_a_lock)
    limit = 3

    def closure(event, context):  # type: ignore[no-untyped-def]
        return limit

    with pytest.raises(LabError, match="enclosing function"):
        labkit.deploy(closure)
    with pytest.raises(LabError, match="defined with `def"):
        labkit.deploy(lambda event, context: event)  # type: ignore[arg-type]


import boto3 as notebook_boto3  # noqa: E402


def lists_pools(event, context):  # type: ignore[no-untyped-def]
    """A handler calling AWS itself, as a post-confirmation function adding a user to a group does."""
    pools = notebook_boto3.client("cognito-idp").list_user_pools(MaxResults=5)["UserPools"]
    return [pool["Name"] for pool in pools]


def test_a_handler_can_call_aws_through_the_lab(lab: labkit.Lab) -> None:
    boto3.client("cognito-idp").create_user_pool(PoolName="seen-from-lambda")
    labkit.deploy(lists_pools)
    assert call("lists_pools")["Body"] == ["seen-from-lambda"]


def test_logging_records_become_lambda_log_lines(lab: labkit.Lab) -> None:
    create(
        "logs",
        "import logging\nlogger = logging.getLogger('app')\n"
        "def handler(event, context):\n    logger.warning('careful %s', event['who'])\n    logger.debug('hidden')\n"
        "    return context.aws_request_id\n",
    )
    request_id = call("logs", {"who": "ana"})["Body"]
    lines = [line for line in labkit.logs("logs") if line.startswith("[")]
    assert len(lines) == 1
    level, when, logged_id, message = lines[0].split("\t")
    assert (level, logged_id, message) == ("[WARNING]", request_id, "careful ana")
    assert when.endswith("Z") and "T" in when


def test_logs_of_an_unknown_function_say_which_exist(lab: labkit.Lab) -> None:
    create("welcome_mail", "def handler(e, c):\n    return 1\n")
    assert labkit.logs("welcome_mail") == []  # deployed, never run
    with pytest.raises(LabError, match="Did you mean welcome_mail"):
        labkit.logs("welcome_mai")
