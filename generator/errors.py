"""One error type for everything a user can get wrong.

Every problem the generator reports carries where it is (file, line, column) and
what to do about it, so the CLI and the preview server can print one clear
sentence instead of a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class GeneratorError(Exception):
    """A problem a user can fix: bad input, missing model, refused path."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        self.others: tuple[GeneratorError, ...] = ()  # found in the same pass over the same file

    def each(self) -> tuple[GeneratorError, ...]:
        """This error and the others found with it: each is one line to print."""
        return (self, *self.others)

    def where(self, root: Path | None = None) -> str:
        """`content/x.yaml:14:5`, relative to `root` when the file is under it."""
        if self.path is None:
            return ""
        shown = self.path
        if root is not None:
            try:  # the folder resolved, not the name: a link is named as itself, not as its target
                shown = (self.path.parent.resolve() / self.path.name).relative_to(root.resolve())
            except ValueError:
                shown = self.path
        parts = [str(shown)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self, root: Path | None = None) -> str:
        """One line. Control characters (from a file name, say) are shown as
        `\\x1b`: printed as they are, they could rewrite the user's terminal."""
        where = self.where(root)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)

    def __str__(self) -> str:
        return self.describe()


class ConfigError(GeneratorError):
    """site.yaml is missing or wrong."""


class ContentError(GeneratorError):
    """An article cannot be read."""


class SidecarError(GeneratorError):
    """A sidecar is not valid YAML or breaks the schema."""


class TemplateError(GeneratorError):
    """A template fails to load or render."""


class ModelError(GeneratorError):
    """The spaCy pipeline named in site.yaml is not available."""


class ExecutorError(GeneratorError):
    """The extraction executor asked for cannot be used (Dask missing or unreachable)."""


class PathError(GeneratorError):
    """A path would escape the folder it belongs to, or would destroy foreign files."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C that came after the new build replaced output/: the site is
    published, and the command still ends as interrupted."""
