"""AWS's error codes for Amazon Cognito user pools, one class each, carrying AWS's own messages.

They subclass moto's `JsonRESTError`, so moto serialises them exactly as AWS does and boto3 raises a
`ClientError` whose `Error.Code` is the class's AWS name.
"""

from __future__ import annotations

from moto.core.exceptions import JsonRESTError


class CognitoError(JsonRESTError):
    """An AWS error answer: `code_name` is AWS's error code, the message AWS's wording."""

    code_name = "InternalErrorException"
    default_message = ""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(self.code_name, message if message is not None else self.default_message)


class CodeMismatchException(CognitoError):
    """A wrong code."""

    code_name = "CodeMismatchException"
    default_message = "Invalid verification code provided, please try again."


class ExpiredCodeException(CognitoError):
    """A used, superseded or stale code."""

    code_name = "ExpiredCodeException"
    default_message = "Invalid code provided, please request a code again."


class LimitExceededException(CognitoError):
    """Too many tries."""

    code_name = "LimitExceededException"
    default_message = "Attempt limit exceeded, please try after some time."


class InvalidPasswordException(CognitoError):
    """A password the pool's policy (or threat protection) refuses."""

    code_name = "InvalidPasswordException"


class NotAuthorizedException(CognitoError):
    """Not allowed: wrong password, bad token, disabled user, missing SECRET_HASH."""

    code_name = "NotAuthorizedException"
    default_message = "Incorrect username or password."


class UserNotFoundException(CognitoError):
    """No such user (when the client does not hide it)."""

    code_name = "UserNotFoundException"
    default_message = "User does not exist."


class UserNotConfirmedException(CognitoError):
    """The user has not confirmed their sign-up."""

    code_name = "UserNotConfirmedException"
    default_message = "User is not confirmed."


class UsernameExistsException(CognitoError):
    """The user name (or email, phone) is taken."""

    code_name = "UsernameExistsException"
    default_message = "User already exists"


class AliasExistsException(CognitoError):
    """Another user already has this email or phone as an alias."""

    code_name = "AliasExistsException"
    default_message = "An account with the given email already exists."


class InvalidParameterException(CognitoError):
    """A parameter breaks AWS's model or the pool's rules."""

    code_name = "InvalidParameterException"


class ResourceNotFoundException(CognitoError):
    """No such pool or client."""

    code_name = "ResourceNotFoundException"


class EnableSoftwareTokenMFAException(CognitoError):
    """VerifySoftwareToken got a wrong TOTP code."""

    code_name = "EnableSoftwareTokenMFAException"
    default_message = "Code mismatch"


class UnsupportedTokenTypeException(CognitoError):
    """RevokeToken got a token that is not a refresh token."""

    code_name = "UnsupportedTokenTypeException"
    default_message = "Unsupported token type"


class UnsupportedUserStateException(CognitoError):
    """The user's state does not allow the call."""

    code_name = "UnsupportedUserStateException"


class PasswordResetRequiredException(CognitoError):
    """An administrator reset the password."""

    code_name = "PasswordResetRequiredException"
    default_message = "Password reset required for the user"


class SerializationException(CognitoError):
    """The request's JSON does not parse into the operation's input (a list where a string belongs)."""

    code_name = "SerializationException"


def validation_error(value: object, member: str, constraint: str, *, sensitive: bool = False) -> CognitoError:
    """AWS's answer to a parameter that breaks the API model (pattern, length, enum); AWS leaves out a sensitive value."""
    shown = "Value" if sensitive else f"Value '{value}'"
    return InvalidParameterException(f"1 validation error detected: {shown} at '{member}' failed to satisfy constraint: {constraint}")
