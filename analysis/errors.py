"""Errors a user can act on; each message says what went wrong and how to fix it."""


class NewsbriefError(Exception):
    """Base class of every error newsbrief reports to a user as a one-line message."""

    exit_code = 1  # what `newsbrief` exits with (README: "When things go wrong")


class CorpusError(NewsbriefError):
    """The corpus path is missing, empty, or holds no usable article."""


class ModelError(NewsbriefError):
    """The spaCy model asked for is not installed (nothing is downloaded at run time)."""


class ParameterError(NewsbriefError):
    """A notebook parameter is unknown or has the wrong type."""


class RenderError(NewsbriefError):
    """A notebook failed to execute, or a briefing could not be rendered."""


class BrowserNotFoundError(RenderError):
    """No headless Chromium/Chrome was found to print the PDF."""


class OutputBusyError(NewsbriefError):
    """Another run is writing into the same output folder."""


class StorageError(NewsbriefError):
    """A folder newsbrief writes into is full or cannot be written; the folder was left as it was."""

    exit_code = 74  # EX_IOERR of sysexits.h


class NoSpaceError(StorageError):
    """No space left on the device (or the disk quota is used up) in a folder being written."""


class NotWritableError(StorageError):
    """A folder newsbrief must write into is read-only or not writable by this user."""

    exit_code = 73  # EX_CANTCREAT of sysexits.h
