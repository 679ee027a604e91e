"""Sign-up, codes and the outbox, through plain boto3."""

from __future__ import annotations

import pytest
from pool_kit import PASSWORD, aws_error, client, idp, pool, sign_in, signed_up

from labkit.aws.cognito_idp import clock, codes


def test_sign_up_sends_a_code_and_masks_the_destination(lab):
    c = client(pool())["ClientId"]
    answer = idp().sign_up(ClientId=c, Username="alice", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "alice@example.com"}])
    assert answer["UserConfirmed"] is False
    assert answer["CodeDeliveryDetails"] == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    message = lab.outbox.latest("alice@example.com")
    assert (message.medium, message.subject, message.purpose, message.user) == ("EMAIL", "Your verification code", "SignUp", "alice")
    assert message.code is not None and len(message.code) == 6 and message.code.isdigit()
    assert message.body == f"Your verification code is {message.code}. "
    assert lab.outbox.latest_code("alice@example.com") == message.code


def test_confirm_rejects_a_wrong_code_then_accepts_the_right_one_once(lab):
    p = pool()
    c = client(p)["ClientId"]
    idp().sign_up(ClientId=c, Username="alice", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "alice@example.com"}])
    code = lab.outbox.latest_code("alice@example.com")
    wrong = "000000" if code != "000000" else "111111"
    assert aws_error(idp().confirm_sign_up, ClientId=c, Username="alice", ConfirmationCode=wrong) == (
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    )
    assert aws_error(sign_in, c)[0] == "UserNotConfirmedException"
    idp().confirm_sign_up(ClientId=c, Username="alice", ConfirmationCode=code)
    user = idp().admin_get_user(UserPoolId=p, Username="alice")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert aws_error(idp().confirm_sign_up, ClientId=c, Username="alice", ConfirmationCode=code) == (
        "NotAuthorizedException",
        "User cannot be confirmed. Current status is CONFIRMED",
    )


def test_resend_supersedes_the_old_code(lab):
    c = client(pool())["ClientId"]
    idp().sign_up(ClientId=c, Username="bob", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
    first = lab.outbox.latest_code("bob@example.com")
    answer = idp().resend_confirmation_code(ClientId=c, Username="bob")
    assert answer["CodeDeliveryDetails"]["Destination"] == "b***@e***"
    assert lab.outbox.latest("bob@example.com").purpose == "ResendCode"
    second = lab.outbox.latest_code("bob@example.com")
    if first != second:
        assert aws_error(idp().confirm_sign_up, ClientId=c, Username="bob", ConfirmationCode=first)[0] == "ExpiredCodeException"
    idp().confirm_sign_up(ClientId=c, Username="bob", ConfirmationCode=second)


def test_a_stale_code_is_expired(lab, monkeypatch):
    c = client(pool())["ClientId"]
    idp().sign_up(ClientId=c, Username="carol", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "carol@example.com"}])
    code = lab.outbox.latest_code("carol@example.com")
    later = clock.now() + 25 * 3600
    monkeypatch.setattr(clock, "now", lambda: later)
    assert aws_error(idp().confirm_sign_up, ClientId=c, Username="carol", ConfirmationCode=code) == (
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
    )


def test_repeated_wrong_codes_are_limited(lab):
    c = client(pool())["ClientId"]
    idp().sign_up(ClientId=c, Username="dave", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "dave@example.com"}])
    code = lab.outbox.latest_code("dave@example.com")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(codes.MAX_FAILURES):
        assert aws_error(idp().confirm_sign_up, ClientId=c, Username="dave", ConfirmationCode=wrong)[0] == "CodeMismatchException"
    assert aws_error(idp().confirm_sign_up, ClientId=c, Username="dave", ConfirmationCode=code) == (
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    )
    idp().resend_confirmation_code(ClientId=c, Username="dave")
    idp().confirm_sign_up(ClientId=c, Username="dave", ConfirmationCode=lab.outbox.latest_code("dave@example.com"))


def test_templates_and_sms(lab):
    p = pool(
        AutoVerifiedAttributes=["phone_number"],
        VerificationMessageTemplate={"SmsMessage": "Lab code: {####}", "EmailSubject": "Welcome", "EmailMessage": "Code {####}!"},
    )
    c = client(p)["ClientId"]
    answer = idp().sign_up(
        ClientId=c, Username="erin", Password=PASSWORD, UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}]
    )
    assert answer["CodeDeliveryDetails"] == {"Destination": "+*******0100", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    sms = lab.outbox.latest("+15555550100")
    assert (sms.medium, sms.subject, sms.body) == ("SMS", None, f"Lab code: {sms.code}")


def test_link_verification_template(lab):
    p = pool(VerificationMessageTemplate={"DefaultEmailOption": "CONFIRM_WITH_LINK", "EmailMessageByLink": "Go {##Click here##}"})
    c = client(p)["ClientId"]
    idp().sign_up(ClientId=c, Username="fay", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "fay@example.com"}])
    message = lab.outbox.latest("fay@example.com")
    assert message.body.startswith("Go Click here: ") and f"confirmation_code={message.code}" in message.body


def test_admin_create_user_generates_and_delivers_a_temporary_password(lab):
    p = pool()
    c = client(p)["ClientId"]
    user = idp().admin_create_user(
        UserPoolId=p, Username="gail", UserAttributes=[{"Name": "email", "Value": "gail@example.com"}], DesiredDeliveryMediums=["EMAIL"]
    )["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    invitation = lab.outbox.latest("gail@example.com")
    assert invitation.subject == "Your temporary password" and invitation.purpose == "AdminCreateUser"
    assert invitation.body == f"Your username is gail and temporary password is {invitation.temporary_password}. "
    challenge = sign_in(c, "gail", invitation.temporary_password)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    code, message = aws_error(
        idp().respond_to_auth_challenge, ClientId=c, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "gail", "NEW_PASSWORD": "short"},
    )
    assert (code, message) == ("InvalidPasswordException", "Password did not conform with policy: Password not long enough")
    done = idp().respond_to_auth_challenge(
        ClientId=c, ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "gail", "NEW_PASSWORD": "N3w-password!"},
    )
    assert "AccessToken" in done["AuthenticationResult"]
    assert idp().admin_get_user(UserPoolId=p, Username="gail")["UserStatus"] == "CONFIRMED"


def test_admin_create_user_suppress_sends_nothing(lab):
    p = pool()
    idp().admin_create_user(UserPoolId=p, Username="hal", UserAttributes=[{"Name": "email", "Value": "hal@example.com"}], MessageAction="SUPPRESS")
    assert lab.outbox.to("hal@example.com") == []


def test_invitation_template_and_sms_default(lab):
    p = pool(AdminCreateUserConfig={"InviteMessageTemplate": {"SMSMessage": "Hi {username}, use {####}", "EmailMessage": "x {####} {username}", "EmailSubject": "s"}})
    idp().admin_create_user(UserPoolId=p, Username="ivy", UserAttributes=[{"Name": "phone_number", "Value": "+15555550111"}])
    sms = lab.outbox.latest("+15555550111")
    assert sms.body == f"Hi ivy, use {sms.temporary_password}"


def test_allow_admin_create_user_only(lab):
    c = client(pool(AdminCreateUserConfig={"AllowAdminCreateUserOnly": True}))["ClientId"]
    assert aws_error(idp().sign_up, ClientId=c, Username="x", Password=PASSWORD) == (
        "NotAuthorizedException",
        "SignUp is not permitted for this user pool",
    )


def test_email_as_username(lab):
    p = pool(UsernameAttributes=["email"])
    c = client(p)["ClientId"]
    assert aws_error(idp().sign_up, ClientId=c, Username="alice", Password=PASSWORD) == ("InvalidParameterException", "Username should be an email.")
    sub = idp().sign_up(ClientId=c, Username="alice@example.com", Password=PASSWORD)["UserSub"]
    idp().confirm_sign_up(ClientId=c, Username="alice@example.com", ConfirmationCode=lab.outbox.latest_code("alice@example.com"))
    assert idp().admin_get_user(UserPoolId=p, Username="alice@example.com")["Username"] == sub
    assert aws_error(idp().sign_up, ClientId=c, Username="alice@example.com", Password=PASSWORD) == (
        "UsernameExistsException",
        "An account with the given email already exists.",
    )
    assert "AccessToken" in sign_in(c, "alice@example.com")["AuthenticationResult"]


def test_outbox_is_emptied_by_reset(lab):
    c = client(pool())["ClientId"]
    signed_up(lab, c)
    assert len(lab.outbox) == 1
    lab.reset()
    assert len(lab.outbox) == 0
    with pytest.raises(Exception, match="No message was sent to 'alice@example.com'"):
        lab.outbox.latest_code("alice@example.com")


def test_codes_repeat_run_after_run(lab):
    c = client(pool())["ClientId"]
    signed_up(lab, c)
    first = lab.outbox[-1].code
    lab.reset()
    c = client(pool())["ClientId"]
    signed_up(lab, c)
    assert lab.outbox[-1].code == first


def test_alias_sign_in_with_a_verified_email(lab):
    p = pool(AliasAttributes=["email", "preferred_username"])
    c = client(p)["ClientId"]
    signed_up(lab, c, "quinn", "quinn@example.com")
    assert "AccessToken" in sign_in(c, "quinn@example.com")["AuthenticationResult"]
    idp().admin_update_user_attributes(UserPoolId=p, Username="quinn", UserAttributes=[{"Name": "preferred_username", "Value": "q"}])
    assert "AccessToken" in sign_in(c, "q")["AuthenticationResult"]
    # Another user may sign up with the same email; confirming it would take the alias over.
    idp().sign_up(ClientId=c, Username="rita", Password="R1ta-password!", UserAttributes=[{"Name": "email", "Value": "quinn@example.com"}])
    code = lab.outbox.latest_code("quinn@example.com")
    assert aws_error(idp().confirm_sign_up, ClientId=c, Username="rita", ConfirmationCode=code) == (
        "AliasExistsException",
        "An account with the given email already exists.",
    )
    idp().confirm_sign_up(ClientId=c, Username="rita", ConfirmationCode=code, ForceAliasCreation=True)
    assert aws_error(sign_in, c, "quinn@example.com")[1] == "Incorrect username or password."  # now rita's alias
    token = sign_in(c, "quinn@example.com", "R1ta-password!")["AuthenticationResult"]["AccessToken"]
    assert idp().get_user(AccessToken=token)["Username"] == "rita"


def test_an_unverified_email_is_no_alias(lab):
    p = pool(AliasAttributes=["email"], AutoVerifiedAttributes=[])
    c = client(p)["ClientId"]
    idp().sign_up(ClientId=c, Username="sam", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "sam@example.com"}])
    idp().admin_confirm_sign_up(UserPoolId=p, Username="sam")
    assert aws_error(sign_in, c, "sam@example.com")[0] == "UserNotFoundException"
    assert "AccessToken" in sign_in(c, "sam")["AuthenticationResult"]
