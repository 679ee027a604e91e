"""Every email and SMS Amazon Cognito would send, kept in the lab's outbox instead of leaving the machine.

Messages follow the pool's templates as AWS applies them: `{####}` becomes the code (or the temporary
password in an invitation), `{username}` the user name in an invitation, and `{##Verify Your Email##}`
a confirmation link. `CodeDeliveryDetails.Destination` is masked the way AWS masks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from labkit.aws.cognito_idp.exceptions import InvalidParameterException, validation_error
from labkit.runtime import on_reset
from labkit.runtime.errors import LabError

if TYPE_CHECKING:  # the trigger runtime loads moto's Lambda, which the lab loads only at start
    from labkit.aws.cognito_idp.triggers import CustomMessage

DEFAULT_VERIFICATION = "Your verification code is {####}. "
DEFAULT_VERIFICATION_SUBJECT = "Your verification code"
DEFAULT_LINK_MESSAGE = "Please click the link below to verify your email address. {##Verify Your Email##} "
DEFAULT_INVITATION = "Your username is {username} and temporary password is {####}. "
DEFAULT_INVITATION_SUBJECT = "Your temporary password"
DEFAULT_AUTHENTICATION = "Your authentication code is {####}. "
LINK_PLACEHOLDER = re.compile(r"\{##(.+?)##\}")


@dataclass(frozen=True)
class Message:
    """One email or SMS: to whom, how, what it says, and the code it carries."""

    pool_id: str
    user: str
    medium: str  # "EMAIL" or "SMS", as AWS's DeliveryMedium
    destination: str
    subject: str | None
    body: str
    code: str | None
    purpose: str  # SignUp, ResendCode, ForgotPassword, UpdateUserAttribute, VerifyUserAttribute, AdminCreateUser, Authentication
    attribute: str | None = None
    temporary_password: str | None = None

    def __str__(self) -> str:
        head = f"[{self.medium} to {self.destination}]"
        return f"{head} {self.subject}: {self.body}" if self.subject else f"{head} {self.body}"


class Outbox:
    """The lab's outbox: read what a user would receive, e.g. `lab.outbox.latest_code("alice@example.com")`."""

    def __init__(self) -> None:
        self._messages: list[Message] = []

    def __iter__(self) -> Iterator[Message]:
        return iter(list(self._messages))

    def __len__(self) -> int:
        return len(self._messages)

    def __getitem__(self, index: int) -> Message:
        return self._messages[index]

    def __repr__(self) -> str:
        return f"<Outbox: {len(self._messages)} message(s)>"

    def to(self, destination: str) -> list[Message]:
        """Messages sent to an email address or phone number, oldest first."""
        return [m for m in self._messages if m.destination == destination]

    def latest(self, destination: str) -> Message:
        """The newest message sent to `destination`; a clear error when there is none."""
        sent = self.to(destination)
        if not sent:
            known = sorted({m.destination for m in self._messages})
            where = f" Messages went to: {', '.join(known)}." if known else " The outbox is empty."
            raise LabError(f"No message was sent to {destination!r}.{where}")
        return sent[-1]

    def latest_code(self, destination: str) -> str:
        """The code in the newest message to `destination` that carries one."""
        for message in reversed(self.to(destination)):
            if message.code is not None:
                return message.code
        self.latest(destination)  # raises with the list of destinations when nothing went there
        raise LabError(f"No message to {destination!r} carries a code.")

    def clear(self) -> None:
        """Forget every message (the lab does this on start and reset)."""
        self._messages.clear()

    def _deliver(self, message: Message) -> None:
        self._messages.append(message)


OUTBOX = Outbox()
on_reset(OUTBOX.clear)


_TEXT = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*"
# (where in the request, member name in AWS's messages, placeholder it must hold, AWS's model pattern)
_TEMPLATE_RULES = (
    (("VerificationMessageTemplate", "EmailMessage"), "verificationMessageTemplate.emailMessage", "{####}", _TEXT + r"\{####\}" + _TEXT),
    (("VerificationMessageTemplate", "SmsMessage"), "verificationMessageTemplate.smsMessage", "{####}", r".*\{####\}.*"),
    (("VerificationMessageTemplate", "EmailMessageByLink"), "verificationMessageTemplate.emailMessageByLink", "{##", _TEXT + r"\{##" + _TEXT + r"##\}" + _TEXT),
    (("EmailVerificationMessage",), "emailVerificationMessage", "{####}", _TEXT + r"\{####\}" + _TEXT),
    (("SmsVerificationMessage",), "smsVerificationMessage", "{####}", r".*\{####\}.*"),
    (("SmsAuthenticationMessage",), "smsAuthenticationMessage", "{####}", r".*\{####\}.*"),
    (("AdminCreateUserConfig", "InviteMessageTemplate", "EmailMessage"), "adminCreateUserConfig.inviteMessageTemplate.emailMessage", "{####}", _TEXT + r"\{####\}" + _TEXT),
    (("AdminCreateUserConfig", "InviteMessageTemplate", "SMSMessage"), "adminCreateUserConfig.inviteMessageTemplate.sMSMessage", "{####}", r".*\{####\}.*"),
)


def check_templates(config: dict[str, Any]) -> None:
    """CreateUserPool/UpdateUserPool: each template must hold its placeholder, as AWS's model demands;
    an invitation must also name the user (`{username}`), or AWS calls the message invalid."""
    for path, member, placeholder, pattern in _TEMPLATE_RULES:
        value: Any = config
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, str):
            continue
        found = LINK_PLACEHOLDER.search(value) if placeholder == "{##" else placeholder in value
        if not found:
            raise validation_error(value, member, f"Member must satisfy regular expression pattern: {pattern}")
        if path[0] == "AdminCreateUserConfig" and "{username}" not in value:
            raise InvalidParameterException("The message is invalid.")


def mask(destination: str, medium: str) -> str:
    """AWS's masked destination: `a***@e***` for an email, `+*******0100` for a phone number."""
    if medium == "EMAIL":
        local, _, domain = destination.partition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    digits = destination.lstrip("+")
    return "+" + "*" * max(len(digits) - 4, 0) + digits[-4:]


def delivery_details(destination: str, medium: str, attribute: str) -> dict[str, str]:
    """The `CodeDeliveryDetails` AWS returns for a message sent to `destination`."""
    return {"Destination": mask(destination, medium), "DeliveryMedium": medium, "AttributeName": attribute}


def simulated_delivery(username: str) -> dict[str, str]:
    """What PreventUserExistenceErrors answers for an unknown user: a plausible email delivery, nothing sent."""
    address = username if "@" in username else f"{username}@example.com"
    return delivery_details(address, "EMAIL", "email")


def render(template: str, code: str, username: str | None = None, link: str | None = None) -> str:
    """Apply a Cognito message template: `{####}`, `{username}`, and `{##link text##}`."""
    text = template.replace("{####}", code)
    if username is not None:
        text = text.replace("{username}", username)
    if link is not None:
        text = LINK_PLACEHOLDER.sub(lambda found: f"{found.group(1)}: {link}", text)
    return text


def _verification_template(config: dict[str, Any], medium: str) -> tuple[str | None, str, bool]:
    """(subject, body, by_link) of the pool's verification message for `medium`."""
    template = config.get("VerificationMessageTemplate") or {}
    if medium == "SMS":
        return None, template.get("SmsMessage") or config.get("SmsVerificationMessage") or DEFAULT_VERIFICATION, False
    if template.get("DefaultEmailOption") == "CONFIRM_WITH_LINK":
        subject = template.get("EmailSubjectByLink") or DEFAULT_VERIFICATION_SUBJECT
        return subject, template.get("EmailMessageByLink") or DEFAULT_LINK_MESSAGE, True
    subject = template.get("EmailSubject") or config.get("EmailVerificationSubject") or DEFAULT_VERIFICATION_SUBJECT
    body = template.get("EmailMessage") or config.get("EmailVerificationMessage") or DEFAULT_VERIFICATION
    return subject, body, False


def send_code(
    config: dict[str, Any],
    *,
    pool_id: str,
    user: str,
    destination: str,
    medium: str,
    attribute: str,
    code: str,
    purpose: str,
    link: str | None = None,
    custom: CustomMessage | None = None,
) -> dict[str, str]:
    """Send a verification code with the pool's template, or the custom message trigger's text when it
    gave one for this medium; return AWS's CodeDeliveryDetails."""
    subject, body, by_link = _verification_template(config, medium)
    if purpose == "Authentication":
        subject, body, by_link = None, config.get("SmsAuthenticationMessage") or DEFAULT_AUTHENTICATION, False
    subject, body = _customised(subject, body, medium, custom)
    text = render(body, code, link=link if by_link and purpose in ("SignUp", "ResendCode") else None)
    OUTBOX._deliver(Message(pool_id, user, medium, destination, subject, text, code, purpose, attribute))
    return delivery_details(destination, medium, attribute)


def _customised(subject: str | None, body: str, medium: str, custom: CustomMessage | None) -> tuple[str | None, str]:
    """The custom message trigger's text for `medium` where it gave a usable one, else the pool's template."""
    if custom is None:
        return subject, body
    if medium == "SMS":
        return subject, custom.sms_message or body
    if custom.email_message is None:
        return subject, body
    return custom.email_subject or subject, custom.email_message


def send_invitation(
    config: dict[str, Any],
    *,
    pool_id: str,
    user: str,
    destination: str,
    medium: str,
    password: str,
    custom: CustomMessage | None = None,
) -> None:
    """The AdminCreateUser invitation: the user name and the temporary password."""
    template = (config.get("AdminCreateUserConfig") or {}).get("InviteMessageTemplate") or {}
    if medium == "SMS":
        subject, body = None, template.get("SMSMessage") or DEFAULT_INVITATION
    else:
        subject = template.get("EmailSubject") or DEFAULT_INVITATION_SUBJECT
        body = template.get("EmailMessage") or DEFAULT_INVITATION
    subject, body = _customised(subject, body, medium, custom)
    text = render(body, password, username=user)
    attribute = "email" if medium == "EMAIL" else "phone_number"
    OUTBOX._deliver(
        Message(pool_id, user, medium, destination, subject, text, None, "AdminCreateUser", attribute, password)
    )
