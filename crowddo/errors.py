"""Domain errors: raised by services, shown to people as they are.

Every message is a sentence the person can act on. Views turn them into form
errors or messages, the API into 4xx JSON (`status_code`), the admin into messages.
"""


class DomainError(Exception):
    status_code = 409
    code = "conflict"

    def __init__(self, message: str):
        message = str(message)  # a lazy translation is rendered in the language active now
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


class RoleFull(DomainError):
    code = "role_full"


class AlreadyHeld(DomainError):
    code = "already_held"


class RoleNotOpen(DomainError):
    code = "role_not_open"


class OverCapacity(DomainError):
    code = "over_capacity"


class InvalidState(DomainError):
    code = "invalid_state"


class NotAllowed(DomainError):
    status_code = 403
    code = "not_allowed"


class Invalid(DomainError):
    status_code = 400
    code = "invalid"


class NoMentor(DomainError):
    code = "no_mentor"


class LinkInvalid(DomainError):
    """A signed link that was cut, changed or names someone else's row."""

    status_code = 400
    code = "link_invalid"


class LinkExpired(DomainError):
    """A signed link that was used already or whose time has passed."""

    status_code = 410
    code = "link_expired"
