"""Domain exceptions raised by the services in ``bot/``; the edges translate them."""

from __future__ import annotations


class ConciergeError(Exception):
    """Base class of every error the services raise on purpose."""


class ConfigurationError(ConciergeError):
    """Bad configuration: names the file, the key and the fix."""

    def __init__(self, file: str, key: str, problem: str, fix: str) -> None:
        self.file, self.key, self.problem, self.fix = file, key, problem, fix
        super().__init__(f"{file}: {key}: {problem}. Fix: {fix}")


class InvalidAnswer(ConciergeError):
    """A customer's answer to a form question cannot be used; ``hint`` says what would do."""

    def __init__(self, hint: str) -> None:
        self.hint = hint
        super().__init__(hint)


class CaseNotFound(ConciergeError):
    """No case matches the reference and verification given (deliberately vague)."""


class UnknownRole(ConciergeError):
    """A role id that the organization policy does not define."""


class UnknownBranch(ConciergeError):
    """A branch id that the organization policy does not define."""


class TooManyLookups(ConciergeError):
    """Too many wrong reference/verification pairs from one conversation, or for one reference."""


class NoConsent(ConciergeError):
    """Personal data may not be stored: the conversation has no accepted collection statement."""


class AssistantUnavailable(ConciergeError):
    """The Rasa server (or the action server behind it) did not answer."""
