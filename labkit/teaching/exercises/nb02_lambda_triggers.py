"""Checks for notebooks/02_lambda_triggers.ipynb: each calls the learner's user pool as an app would and
looks at what their trigger did (the answer, the user's state, the outbox, the function's log, the tokens)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import jwt
from botocore.exceptions import ClientError

from labkit.teaching.checks import Context, Hint, exercise
from labkit.teaching.lambdas import logs

PASSWORD = "Check-Pass-123!"
BLOCKED_MESSAGE = "PreSignUp failed with error Registration from this domain is not allowed.."
SUSPENDED_MESSAGE = "PreAuthentication failed with error This account is suspended."
KIM_PASSWORD = "Kim-legacy-77!"  # a member of data/legacy-users.json the notebook does not use
TRIGGER_ERRORS = ("UserLambdaValidationException", "UnexpectedLambdaException", "InvalidLambdaResponseException")


def _about(*own: str) -> Callable[[Callable[[Context], None]], Callable[[Context], None]]:
    """A check that exercises the `own` triggers: when another trigger of the pool (an earlier exercise) stops
    the check's calls, the hint says which one, rather than blaming this exercise."""

    def wrap(check: Callable[[Context], None]) -> Callable[[Context], None]:
        @functools.wraps(check)
        def checked(ctx: Context) -> None:
            try:
                check(ctx)
            except ClientError as error:
                code, message = error.response["Error"]["Code"], error.response["Error"]["Message"]
                if code not in TRIGGER_ERRORS:
                    raise
                if code == "InvalidLambdaResponseException":
                    raise Hint(f"One of the pool's functions answered with something Cognito cannot read ({message!r}): return the event.") from None
                trigger = message.split(" ", 1)[0]
                log = f'labkit.logs("{_function(ctx, trigger)}")' if trigger in _pool(ctx).get("LambdaConfig", {}) else "its log"
                unfinished = message.endswith("error .")  # NotImplementedError() has no message
                if trigger in own:
                    if not unfinished:
                        raise
                    raise Hint(f"Your {trigger} function raised an exception without a message: fill in its body, run the cell that deploys it, and check again.") from None
                why = " (an exception without a message: an unfinished exercise?)" if unfinished else ""
                raise Hint(
                    f"The check's calls were stopped by the pool's {trigger} function, not this exercise's: AWS answered "
                    f"{code}: {message!r}{why}. Finish or fix that exercise first; see {log}."
                ) from None

        return checked

    return wrap


def _pool(ctx: Context) -> dict[str, Any]:
    pool_id = ctx.var("pool_id")
    try:
        return ctx.client("cognito-idp").describe_user_pool(UserPoolId=pool_id)["UserPool"]
    except ClientError:
        raise Hint(f"`pool_id` is {pool_id!r}, but the lab has no such user pool; run the setup cells at the top again.") from None


def _function(ctx: Context, trigger: str) -> str:
    """The name of the function the pool calls for `trigger`, or a hint to wire one."""
    arn = (_pool(ctx).get("LambdaConfig") or {}).get(trigger)
    if not arn:
        raise Hint(f"The pool has no {trigger} trigger yet: write your function, then run the cell below it, which deploys it and calls `wire(\"{trigger}\", arn)`.")
    return str(arn.split(":")[6])


def _error(call: Any, **kwargs: Any) -> tuple[str, str] | None:
    """(code, message) of the AWS error a call answers with, or None when it succeeds."""
    try:
        call(**kwargs)
    except ClientError as error:
        return error.response["Error"]["Code"], error.response["Error"]["Message"]
    return None


def _delete(idp: Any, pool_id: str, username: str) -> None:
    try:
        idp.admin_delete_user(UserPoolId=pool_id, Username=username)
    except idp.exceptions.UserNotFoundException:
        pass


@contextmanager
def _signed_up(ctx: Context, username: str, email: str) -> Iterator[dict[str, Any]]:
    """Sign a throwaway user up through the learner's app client; removed afterwards."""
    idp, pool_id = ctx.client("cognito-idp"), ctx.var("pool_id")
    _delete(idp, pool_id, username)
    try:
        yield idp.sign_up(
            ClientId=ctx.var("client_id"), Username=username, Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": email}]
        )
    finally:
        _delete(idp, pool_id, username)


@contextmanager
def _member(ctx: Context, username: str, *, reuse: bool = False) -> Iterator[str]:
    """A confirmed throwaway member (created by an administrator) who signs in with PASSWORD; with `reuse`,
    the learner's own user of that name is used as it is and left in place."""
    idp, pool_id = ctx.client("cognito-idp"), ctx.var("pool_id")
    if reuse and _error(idp.admin_get_user, UserPoolId=pool_id, Username=username) is None:
        yield username
        return
    _delete(idp, pool_id, username)
    idp.admin_create_user(
        UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}, {"Name": "email_verified", "Value": "true"}],
    )
    try:
        idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True)
        yield username
    finally:
        _delete(idp, pool_id, username)


def _sign_in(ctx: Context, username: str, password: str = PASSWORD) -> dict[str, Any]:
    return ctx.client("cognito-idp").initiate_auth(
        ClientId=ctx.var("client_id"), AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": username, "PASSWORD": password}
    )


def _outbox() -> Any:
    from labkit.aws.cognito_idp.outbox import OUTBOX

    return OUTBOX


@exercise("2.1", "reject-a-domain", points=2)
@_about("PreSignUp")
def reject_a_domain(ctx: Context) -> None:
    _function(ctx, "PreSignUp")
    idp = ctx.client("cognito-idp")
    try:
        error = _error(idp.sign_up, ClientId=ctx.var("client_id"), Username="check-blocked", Password=PASSWORD,
                       UserAttributes=[{"Name": "email", "Value": "eve@blocked.example"}])
    finally:
        _delete(idp, ctx.var("pool_id"), "check-blocked")
    if error is None:
        raise Hint("I signed up eve@blocked.example and Cognito accepted it: your pre sign-up function must raise for that domain.")
    if error != ("UserLambdaValidationException", BLOCKED_MESSAGE):
        raise Hint(
            f"Signing up eve@blocked.example answered {error[0]}: {error[1]!r}; expected UserLambdaValidationException "
            f"{BLOCKED_MESSAGE!r}, which is what `raise Exception(\"Registration from this domain is not allowed.\")` gives."
        )
    with _signed_up(ctx, "check-allowed", "olga@example.com") as answer:
        if answer["UserConfirmed"]:
            raise Hint("olga@example.com was confirmed at sign-up; only partner.example addresses are confirmed automatically.")


@exercise("2.2", "auto-confirm-partners", points=2)
@_about("PreSignUp")
def auto_confirm_partners(ctx: Context) -> None:
    _function(ctx, "PreSignUp")
    with _signed_up(ctx, "check-partner", "pia@partner.example") as answer:
        if not answer["UserConfirmed"]:
            raise Hint("pia@partner.example signed up UNCONFIRMED: set event['response']['autoConfirmUser'] = True for partner.example.")
        user = ctx.client("cognito-idp").admin_get_user(UserPoolId=ctx.var("pool_id"), Username="check-partner")
        attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        if attributes.get("email_verified") != "true":
            raise Hint("The partner's email is not verified: also set event['response']['autoVerifyEmail'] = True.")
    blocked = _error(ctx.client("cognito-idp").sign_up, ClientId=ctx.var("client_id"), Username="check-blocked", Password=PASSWORD,
                     UserAttributes=[{"Name": "email", "Value": "eve@blocked.example"}])
    _delete(ctx.client("cognito-idp"), ctx.var("pool_id"), "check-blocked")
    if blocked is None:
        raise Hint("blocked.example may sign up again: keep the rule of exercise 2.1 in the new function.")


@exercise("2.3", "welcome-on-confirmation", points=2)
@_about("PostConfirmation")
def welcome_on_confirmation(ctx: Context) -> None:
    name = _function(ctx, "PostConfirmation")
    email = "wendy@example.com"
    with _signed_up(ctx, "check-welcome", email) as answer:
        if answer["UserConfirmed"]:
            raise Hint("The check's user was confirmed at sign-up; it needs an example.com address to stay unconfirmed.")
        ctx.client("cognito-idp").confirm_sign_up(
            ClientId=ctx.var("client_id"), Username="check-welcome", ConfirmationCode=_outbox().latest_code(email)
        )
        if f"Welcome, {email}!" not in logs(name):
            raise Hint(f"I confirmed {email}, but the log of {name} has no line 'Welcome, {email}!': print it from the user's email attribute.")


@exercise("2.4", "localised-message", points=2)
@_about("CustomMessage")
def localised_message(ctx: Context) -> None:
    _function(ctx, "CustomMessage")
    email = "mathis@example.com"
    with _signed_up(ctx, "check-message", email):
        message = _outbox().latest(email)
    if message.body != f"Votre code de confirmation : {message.code}":
        raise Hint(
            f"The sign-up email says {message.body!r}. Set event['response']['emailMessage'] to 'Votre code de confirmation : ' "
            "+ event['request']['codeParameter']: a message without the placeholder is ignored and Cognito sends its own."
        )
    if message.subject != "Bienvenue au club":
        raise Hint(f"The sign-up email's subject is {message.subject!r}; set event['response']['emailSubject'] = 'Bienvenue au club'.")


@exercise("2.5", "suspend-and-log-sign-ins", points=2)
@_about("PreAuthentication", "PostAuthentication")
def suspend_and_log_sign_ins(ctx: Context) -> None:
    _function(ctx, "PreAuthentication")
    post = _function(ctx, "PostAuthentication")
    with _member(ctx, "mallory", reuse=True):  # pre authentication refuses before the password is checked
        error = _error(_sign_in, ctx=ctx, username="mallory")
    if error != ("UserLambdaValidationException", SUSPENDED_MESSAGE):
        seen = "signed in" if error is None else f"got {error[0]}: {error[1]!r}"
        raise Hint(f"mallory {seen}; expected UserLambdaValidationException {SUSPENDED_MESSAGE!r} from pre authentication.")
    with _member(ctx, "check-member"):
        if _error(_sign_in, ctx=ctx, username="check-member") is not None:
            raise Hint("A member who is not suspended could not sign in: raise only for usernames in SUSPENDED.")
    if "check-member signed in" not in logs(post):
        raise Hint(f"check-member signed in, but the log of {post} has no line 'check-member signed in': print event['userName'] + ' signed in'.")


@exercise("2.6", "claim-in-the-id-token", points=2)
@_about("PreTokenGeneration")
def claim_in_the_id_token(ctx: Context) -> None:
    _function(ctx, "PreTokenGeneration")
    from labkit.aws.cognito_idp import jwks

    with _member(ctx, "check-claims"):
        result = _sign_in(ctx, "check-claims")["AuthenticationResult"]
    key = jwt.PyJWK(jwks(ctx.var("pool_id"))["keys"][0]).key
    claims = jwt.decode(result["IdToken"], key, algorithms=["RS256"], audience=ctx.var("client_id"))
    if claims.get("club_tier") != "member":
        raise Hint(
            f"The verified ID token has club_tier={claims.get('club_tier')!r}; add it with "
            "event['response']['claimsOverrideDetails'] = {'claimsToAddOrOverride': {'club_tier': 'member'}}."
        )


@exercise("2.7", "migrate-legacy-members", points=3)
@_about("UserMigration")
def migrate_legacy_members(ctx: Context) -> None:
    _function(ctx, "UserMigration")
    idp, pool_id = ctx.client("cognito-idp"), ctx.var("pool_id")
    _delete(idp, pool_id, "kim")
    try:
        wrong = _error(_sign_in, ctx=ctx, username="kim", password="Not-kims-password-1")
        if wrong is None:
            raise Hint("kim signed in with a wrong password: compare the PBKDF2 hash of the password with the directory's.")
        if _error(idp.admin_get_user, UserPoolId=pool_id, Username="kim") is None:
            raise Hint("A wrong password still created kim in the pool: raise (or return no userAttributes) when the hash differs.")
        signed_in = _error(_sign_in, ctx=ctx, username="kim", password=KIM_PASSWORD)
        if signed_in is not None:
            raise Hint(f"kim from data/legacy-users.json could not sign in with the right password: {signed_in[0]}: {signed_in[1]!r}.")
        user = idp.admin_get_user(UserPoolId=pool_id, Username="kim")
        attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        if user["UserStatus"] != "CONFIRMED":
            raise Hint(f"kim was migrated with status {user['UserStatus']}; return finalUserStatus 'CONFIRMED'.")
        if attributes.get("email") != "kim.osei@oldclub.example" or attributes.get("email_verified") != "true":
            raise Hint("kim's email should come from the directory, verified: userAttributes {'email': ..., 'email_verified': 'true'}.")
    finally:
        _delete(idp, pool_id, "kim")


@exercise("2.8", "custom-challenge", points=3)
@_about("DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse")
def custom_challenge(ctx: Context) -> None:
    for trigger in ("DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse"):
        _function(ctx, trigger)
    idp = ctx.client("cognito-idp")

    def start() -> dict[str, Any]:
        return idp.initiate_auth(ClientId=ctx.var("client_id"), AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "check-quiz"})

    def answer(step: dict[str, Any], text: str) -> dict[str, Any]:
        return idp.respond_to_auth_challenge(
            ClientId=ctx.var("client_id"), ChallengeName="CUSTOM_CHALLENGE", Session=step["Session"],
            ChallengeResponses={"USERNAME": "check-quiz", "ANSWER": text},
        )

    with _member(ctx, "check-quiz"):
        step = start()
        if step.get("ChallengeParameters", {}).get("question") != "What is 6 x 7?":
            raise Hint(f"The first challenge's parameters are {step.get('ChallengeParameters')!r}; publicChallengeParameters should hold the question.")
        done = answer(step, "42")
        if "AuthenticationResult" not in done:
            raise Hint("The right answer (42) did not give tokens: define auth challenge must issueTokens after a correct answer.")
        step = start()
        for attempt in range(3):
            try:
                step = answer(step, "41")
            except idp.exceptions.NotAuthorizedException:
                if attempt < 2:
                    raise Hint("Authentication failed after fewer than 3 wrong answers; allow 3 tries.") from None
                return
            if "AuthenticationResult" in step:
                raise Hint("A wrong answer (41) gave tokens: verify auth challenge must compare with the private answer.")
        raise Hint("After 3 wrong answers Cognito still asks again: define auth challenge should failAuthentication.")
