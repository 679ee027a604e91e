"""Cognito Lab's helper package: a private, faithful, offline AWS for learning Amazon Cognito.

    import labkit
    lab = labkit.start()          # then plain boto3 clients talk to the local AWS
"""

from labkit.aws.cognito_idp import jwks
from labkit.runtime import Lab, LabError, start
from labkit.runtime import guard as _guard
from labkit.runtime.lab import status as _status
from labkit.teaching.checks import check
from labkit.teaching.lambdas import deploy, logs

_guard.install(_status)

__all__ = ["Lab", "LabError", "check", "deploy", "jwks", "logs", "start"]
__version__ = "0.1.0"
