"""AWS's error codes for Amazon Cognito user pools, one class each, carrying AWS's own messages.

They subclass moto's `JsonRESTError`, so moto serialises them exactly as AWS does and boto3 raises a
`ClientError` whose `Error.Code` is the class's AWS name.
"""

from __future__ import annotations

from moto.core.exceptions import JsonRESTError


class CognitoError(JsonRESTError):
    """An AWS error answer: `code` is AWS's error code, the message AWS's wording."""

    code_name = "InternalErrorException"
    default_message = ""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(self.code_name, message if message is not None else self.default_message)


def _error(name: str, message: str = "") -> type[CognitoError]:
    return type(name, (CognitoError,), {"code_name": name, "default_message": message, "__doc__": f"AWS's {name}."})


CodeMismatchException = _error("CodeMismatchException", "Invalid verification code provided, please try again.")
ExpiredCodeException = _error("ExpiredCodeException", "Invalid code provided, please request a code again.")
LimitExceededException = _error("LimitExceededException", "Attempt limit exceeded, please try after some time.")
TooManyFailedAttemptsException = _error("TooManyFailedAttemptsException")
InvalidPasswordException = _error("InvalidPasswordException")
NotAuthorizedException = _error("NotAuthorizedException", "Incorrect username or password.")
UserNotFoundException = _error("UserNotFoundException", "User does not exist.")
UserNotConfirmedException = _error("UserNotConfirmedException", "User is not confirmed.")
UsernameExistsException = _error("UsernameExistsException", "User already exists")
AliasExistsException = _error("AliasExistsException", "An account with the given email already exists.")
InvalidParameterException = _error("InvalidParameterException")
ResourceNotFoundException = _error("ResourceNotFoundException")
InvalidUserPoolConfigurationException = _error("InvalidUserPoolConfigurationException")
EnableSoftwareTokenMFAException = _error("EnableSoftwareTokenMFAException", "Code mismatch")
SoftwareTokenMFANotFoundException = _error("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the user.")
UnsupportedTokenTypeException = _error("UnsupportedTokenTypeException")
UnsupportedUserStateException = _error("UnsupportedUserStateException")
PasswordResetRequiredException = _error("PasswordResetRequiredException", "Password reset required for the user")


def validation_error(value: object, member: str, constraint: str) -> CognitoError:
    """AWS's answer to a parameter that breaks the API model (pattern, length, enum)."""
    return InvalidParameterException(
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
    )
