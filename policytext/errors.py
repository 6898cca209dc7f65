"""The PolicytextError family. Each class says in one line when it is raised.

Every member also subclasses the built-in it specialises, so callers may catch either.
A batch turns an error into a ``Failed(path, code, message)`` record and goes on.
"""
from __future__ import annotations


class PolicytextError(Exception):
    """Base class of every error this package raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def one_line(self) -> str:
        """``<source>: <message>`` on one line, as the CLI prints it."""
        msg = " ".join(str(self.message).split())
        return f"{self.source}: {msg}" if self.source else msg


class InputError(PolicytextError, ValueError):
    """The input cannot be read as a policy document (empty, junk, wrong type)."""

    code = "E100"


class EmptyInputError(InputError):
    """The file holds no bytes or no text after decoding."""

    code = "E101"


class UnsupportedTypeError(InputError):
    """The bytes are of a type no reader handles (image, archive, executable…)."""

    code = "E102"


class DecodeError(InputError):
    """No supported encoding decodes the bytes to plausible text."""

    code = "E103"


class ScannedPDFError(InputError):
    """A PDF has pages but no text layer (a scan): OCR it first."""

    code = "E104"


class CorruptFileError(InputError):
    """A PDF/DOCX container is truncated, encrypted or malformed."""

    code = "E105"


class TooLargeError(InputError):
    """The input (or what a reader would inflate it to) passes a size cap."""

    code = "E106"


class ConfigError(PolicytextError, ValueError):
    """A parameter or option has a value this package does not accept."""

    code = "E200"


class StoreError(PolicytextError, RuntimeError):
    """The SQLite store is unreadable, from an unknown schema, or locked."""

    code = "E300"


class FetchError(PolicytextError, OSError):
    """A URL could not be fetched after the configured retries."""

    code = "E400"
