"""The checks of notebook 02: they pass on a right trigger and give a hint on a wrong or missing one."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from pool_kit import client, idp

import labkit
from labkit.teaching.checks import run

LEGACY = json.loads((Path(__file__).resolve().parents[1] / "data" / "legacy-users.json").read_text())["users"]
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def club() -> dict[str, str]:
    pool_id = idp().create_user_pool(PoolName="club-members", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    return {"pool_id": pool_id, "client_id": client(pool_id, ExplicitAuthFlows=FLOWS)["ClientId"]}


def wire(ns: dict[str, str], **functions: object) -> None:
    config = {trigger: labkit.deploy(handler) for trigger, handler in functions.items()}  # type: ignore[arg-type]
    idp().update_user_pool(UserPoolId=ns["pool_id"], AutoVerifiedAttributes=["email"], LambdaConfig=config)


def lets_everyone_in(event, context):  # type: ignore[no-untyped-def]
    return event


def blocks_and_confirms(event, context):  # type: ignore[no-untyped-def]
    email = event["request"]["userAttributes"].get("email", "")
    if email.endswith("@blocked.example"):
        raise Exception("Registration from this domain is not allowed.")
    if email.endswith("@partner.example"):
        event["response"]["autoConfirmUser"] = True
        event["response"]["autoVerifyEmail"] = True
    return event


def blocks_with_own_words(event, context):  # type: ignore[no-untyped-def]
    if event["request"]["userAttributes"].get("email", "").endswith("@blocked.example"):
        raise Exception("Go away")
    return event


def test_pre_sign_up_checks(lab: labkit.Lab) -> None:
    ns = club()
    assert "no PreSignUp trigger" in run("2.1", ns).message
    wire(ns, PreSignUp=lets_everyone_in)
    assert "Cognito accepted it" in run("2.1", ns).message
    wire(ns, PreSignUp=blocks_with_own_words)
    assert "Registration from this domain is not allowed." in run("2.1", ns).message
    assert "UNCONFIRMED" in run("2.2", ns).message
    wire(ns, PreSignUp=blocks_and_confirms)
    assert run("2.1", ns).passed and run("2.2", ns).passed
    assert idp().list_users(UserPoolId=ns["pool_id"])["Users"] == []  # the checks leave no users behind
    assert "variable named `pool_id`" in run("2.1", {}).message


def shouts(event, context):  # type: ignore[no-untyped-def]
    print("WELCOME!")
    return event


def welcomes(event, context):  # type: ignore[no-untyped-def]
    print(f"Welcome, {event['request']['userAttributes']['email']}!")
    return event


def english_only(event, context):  # type: ignore[no-untyped-def]
    event["response"]["emailSubject"] = "Bienvenue au club"
    event["response"]["emailMessage"] = "Votre code de confirmation : 123456"  # no placeholder: Cognito ignores it
    return event


def french(event, context):  # type: ignore[no-untyped-def]
    event["response"]["emailSubject"] = "Bienvenue au club"
    event["response"]["emailMessage"] = "Votre code de confirmation : " + event["request"]["codeParameter"]
    return event


def test_post_confirmation_and_custom_message_checks(lab: labkit.Lab) -> None:
    ns = club()
    wire(ns, PostConfirmation=shouts, CustomMessage=english_only)
    assert "no line 'Welcome, wendy@example.com!'" in run("2.3", ns).message
    assert "codeParameter" in run("2.4", ns).message
    wire(ns, PostConfirmation=welcomes, CustomMessage=french)
    assert run("2.3", ns).passed and run("2.4", ns).passed


def suspends_nobody(event, context):  # type: ignore[no-untyped-def]
    return event


def gatekeeper(event, context):  # type: ignore[no-untyped-def]
    if event["userName"] == "mallory":
        raise Exception("This account is suspended")
    return event


def sign_in_log(event, context):  # type: ignore[no-untyped-def]
    print(event["userName"], "signed in")
    return event


def tier_in_access_only(event, context):  # type: ignore[no-untyped-def]
    event["response"]["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"tier": "member"}}
    return event


def club_tier(event, context):  # type: ignore[no-untyped-def]
    event["response"]["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"club_tier": "member"}}
    return event


def test_authentication_and_token_checks(lab: labkit.Lab) -> None:
    ns = club()
    wire(ns, PreAuthentication=suspends_nobody, PostAuthentication=sign_in_log, PreTokenGeneration=tier_in_access_only)
    assert "mallory signed in" in run("2.5", ns).message
    assert "club_tier=None" in run("2.6", ns).message
    wire(ns, PreAuthentication=gatekeeper, PostAuthentication=suspends_nobody, PreTokenGeneration=club_tier)
    assert "no line 'check-member signed in'" in run("2.5", ns).message
    wire(ns, PreAuthentication=gatekeeper, PostAuthentication=sign_in_log, PreTokenGeneration=club_tier)
    assert run("2.5", ns).passed and run("2.6", ns).passed


def trusts_anyone(event, context):  # type: ignore[no-untyped-def]
    event["response"]["userAttributes"] = {"email": "kim.osei@oldclub.example", "email_verified": "true"}
    event["response"]["finalUserStatus"] = "CONFIRMED"
    return event


def migrate(event, context):  # type: ignore[no-untyped-def]
    member = next((m for m in LEGACY if m["username"] == event["userName"]), None)
    if member is None:
        raise Exception("User not found")
    if event["triggerSource"] == "UserMigration_Authentication":
        typed = hashlib.pbkdf2_hmac("sha256", event["request"]["password"].encode(), member["salt"].encode(), 10000).hex()
        if not hmac.compare_digest(typed, member["pbkdf2_sha256"]):
            raise Exception("Bad password")
        event["response"]["finalUserStatus"] = "CONFIRMED"
    event["response"]["userAttributes"] = {"email": member["email"], "email_verified": "true"}
    event["response"]["messageAction"] = "SUPPRESS"
    return event


def test_migration_check(lab: labkit.Lab) -> None:
    ns = club()
    wire(ns, UserMigration=trusts_anyone)
    assert "wrong password" in run("2.7", ns).message
    wire(ns, UserMigration=migrate)
    assert run("2.7", ns).passed
    assert idp().list_users(UserPoolId=ns["pool_id"])["Users"] == []


def define(event, context):  # type: ignore[no-untyped-def]
    session = event["request"]["session"]
    if session and session[-1]["challengeResult"]:
        event["response"]["issueTokens"] = True
    elif len(session) >= 3:
        event["response"]["failAuthentication"] = True
    else:
        event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
    return event


def define_forever(event, context):  # type: ignore[no-untyped-def]
    session = event["request"]["session"]
    if session and session[-1]["challengeResult"]:
        event["response"]["issueTokens"] = True
    else:
        event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
    return event


def create(event, context):  # type: ignore[no-untyped-def]
    event["response"]["publicChallengeParameters"] = {"question": "What is 6 x 7?"}
    event["response"]["privateChallengeParameters"] = {"answer": "42"}
    return event


def verify(event, context):  # type: ignore[no-untyped-def]
    event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == event["request"]["privateChallengeParameters"]["answer"]
    return event


def test_custom_challenge_check(lab: labkit.Lab) -> None:
    ns = club()
    assert "no DefineAuthChallenge trigger" in run("2.8", ns).message
    wire(ns, DefineAuthChallenge=define_forever, CreateAuthChallenge=create, VerifyAuthChallengeResponse=verify)
    assert "failAuthentication" in run("2.8", ns).message
    wire(ns, DefineAuthChallenge=define, CreateAuthChallenge=create, VerifyAuthChallengeResponse=verify)
    assert run("2.8", ns).passed


def unfinished(event, context):  # type: ignore[no-untyped-def]
    raise NotImplementedError()


def test_a_check_names_the_earlier_trigger_that_stopped_it(lab: labkit.Lab) -> None:
    ns = club()
    wire(ns, PreSignUp=unfinished, PostConfirmation=welcomes)
    hint = run("2.3", ns).message
    assert "stopped by the pool's PreSignUp function" in hint and 'labkit.logs("unfinished")' in hint
    assert "without a message" in run("2.2", ns).message
