"""Amazon Cognito user pools, true to AWS: moto keeps pools, clients and users; these modules add the rest.

One module per concept: `codes`, `outbox` (messages and templates), `passwords`, `srp`, `mfa`, `tokens`,
`clients`, `schema`, `threats`; one per flow: `signup`, `signin`, `recovery`, `verification`; and
`responses`, which parses each API call and hands it to its flow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.cognitoidp import urls

_ROOT = "{0}/$"
_JWKS = "{0}/(?P<user_pool_id>[^/]+)/.well-known/jwks.json$"
_original: dict[str, Callable[..., Any]] = dict(urls.url_paths)


def install() -> None:
    """Route moto's user pool API and JWKS URL to the lab's faithful handlers."""
    from labkit.aws.cognito_idp.responses import LabCognitoIdpResponse, serve_jwks

    urls.url_paths[_ROOT] = LabCognitoIdpResponse.dispatch
    urls.url_paths[_JWKS] = serve_jwks


def jwks(pool_id: str) -> dict[str, Any]:
    """A user pool's JSON Web Key Set, in-process: the same document as `{lab.endpoint_url}/<pool id>/.well-known/jwks.json`."""
    from moto.core import DEFAULT_ACCOUNT_ID

    from labkit.aws.cognito_idp import tokens, users
    from labkit.aws.cognito_idp.exceptions import CognitoError
    from labkit.runtime.errors import LabError

    try:
        users.pool(DEFAULT_ACCOUNT_ID, pool_id)
    except CognitoError:
        raise LabError(f"The lab has no user pool {pool_id!r}; use the `Id` that create_user_pool returned.") from None
    return tokens.jwks(pool_id)


def uninstall() -> None:
    """Give moto its own handlers back (the benchmark measures raw moto this way)."""
    urls.url_paths.update(_original)
