"""Domain exceptions raised by the services in ``bot/``; the edges translate them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only: this module imports nothing of the services
    from bot.shop.bilingual import Say
    from bot.shop.language import Language


class ConciergeError(Exception):
    """Base class of every error the services raise on purpose."""


class ConfigurationError(ConciergeError):
    """Bad configuration: names the file, the key and the fix."""

    def __init__(self, file: str, key: str, problem: str, fix: str) -> None:
        self.file, self.key, self.problem, self.fix = file, key, problem, fix
        super().__init__(f"{file}: {key}: {problem}. Fix: {fix}")


class Refused(ConciergeError, ValueError):
    """What a member of staff asked cannot be done as given (an empty reason, a negative amount); says why."""


class InvalidAnswer(ConciergeError):
    """A customer's answer to a form question cannot be used; ``hint`` says what would do.

    Given as a ``Say`` (with its placeholders' ``fields``) it can be said in either language: ``hint_in``.
    """

    def __init__(self, hint: str | Say, **fields: object) -> None:
        self.said = None if isinstance(hint, str) else hint
        self.fields = fields
        self.hint = hint if isinstance(hint, str) else hint("en", **fields)
        super().__init__(self.hint)

    def hint_in(self, language: Language) -> str:
        """The hint in ``language`` (in English only, if it was given as plain text)."""
        return self.hint if self.said is None else self.said(language, **self.fields)


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


class NotYourQueue(ConciergeError):
    """The case or conversation is not in the queues this member of staff may see."""


class NotForYourRole(ConciergeError):
    """A page or report for other roles (the service-quality dashboard for managers); says who it is for."""


class AlreadyTaken(ConciergeError):
    """Somebody else accepted the conversation first (or it is no longer waiting)."""

    def __init__(self, taken_by: str) -> None:
        self.taken_by = taken_by
        super().__init__(f"already taken by {taken_by}")


class OutsideAuthority(ConciergeError):
    """The settlement is above the staff member's authority; they must refer the case up."""


class CannotReferUp(ConciergeError):
    """There is no role above this one to refer the case to."""


class BadLabel(ConciergeError):
    """An admin's label cannot be written to the training data; the message says why and what to do."""


class TrainingBusy(ConciergeError):
    """A model is already being trained or evaluated; one at a time."""


class ModelNotFound(ConciergeError):
    """No model of the registry has that number, or its file is gone."""


class ActivationRefused(ConciergeError):
    """The model may not be activated: it failed, is not trained yet, or the regression gate blocked it."""


class InvalidTransition(ConciergeError):
    """The case's lifecycle does not allow that move (settling a resolved case, reopening a new one)."""


class UndecryptableData(ConciergeError):
    """A stored value does not decrypt with the data key: the key is wrong, or the value was tampered with."""
