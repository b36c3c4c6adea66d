"""The one way a feature imports a list from a CSV/XLSX file (hamlets of a commune, a market's
roster): `app.spreadsheets` reads the table; the feature turns each row into a draft (a
`RowDraft` with its `problems`), checks the drafts against each other and the database, shows
them as a `FilePreview` (nothing written), and writes all of them or none, raising `RowsError`
(which names every bad row) when any is bad.

Page forms post a confirmed preview back as rows (`app.forms.RowsField`); the feature
re-validates them exactly as it validated the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.errors import DomainError
from app.spreadsheets import SheetFileError


@dataclass
class RowDraft:
    """One row of a file as it will be written, with the `problems` found in it (each a
    DomainError on the column it concerns)."""

    line: int
    problems: list[DomainError] = field(default_factory=list, kw_only=True)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def errors(self) -> dict[str, list[str]]:
        """The problems' messages (in the request's language) by field."""
        found: dict[str, list[str]] = {}
        for problem in self.problems:
            found.setdefault(problem.field or "line", []).append(problem.message)
        return found


@dataclass(frozen=True)
class FilePreview[D: RowDraft]:
    """Every row of a file with its problems; nothing is written."""

    rows: list[D]

    @property
    def error_count(self) -> int:
        return sum(1 for draft in self.rows if not draft.ok)

    @property
    def valid(self) -> bool:
        return self.error_count == 0


class RowsError[D: RowDraft](DomainError):
    """A file with row errors: nothing was written. `drafts` holds every row; the API's error
    body names each bad one ({"line 3": ["name: …"]}). `code` is the feature's own
    ("localities.rows_with_errors"), whose message gets `bad` and `total`."""

    def __init__(self, code: str, drafts: list[D]) -> None:
        bad = [draft for draft in drafts if not draft.ok]
        super().__init__(
            code,
            "file",
            errors={
                f"line {draft.line}": [f"{p.field}: {p.message}" for p in draft.problems]
                for draft in bad
            },
            bad=len(bad),
            total=len(drafts),
        )
        self.drafts = drafts


def file_error(feature: str, error: SheetFileError) -> DomainError:
    """The reader's refusal of a whole file as the feature's error ("<feature>.file_<reason>")."""
    return DomainError(f"{feature}.file_{error.reason}", error.field, **error.params)
