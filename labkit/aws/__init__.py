"""The fidelity layer: what makes moto answer as AWS does, installed behind moto's own request routing.

Each AWS service has a package split by role, as moto splits its own: `responses.py` (parse, call, serialise),
`exceptions.py` (one class per AWS error code) and small model modules per concept. `install()` routes moto's
URL table for each service to our responses, so in-process boto3 calls and HTTP calls to `lab.endpoint_url`
both meet the faithful behaviour.
"""

from __future__ import annotations

_installed = False


def install() -> None:
    """Route moto's handlers through the fidelity layer (idempotent)."""
    global _installed
    if _installed:
        return
    from labkit.aws import awslambda  # Lambda: Invoke runs Python handlers in-process
    from labkit.aws import cognito_idp  # user pools: codes, passwords, SRP, MFA, tokens, client rules

    awslambda.install()
    cognito_idp.install()
    _installed = True
