"""EMVCo tag-length-value fields: ``tag`` (2 digits), ``length`` (2 digits), ``value``."""

from collections.abc import Iterable
from dataclasses import dataclass

from app.vietqr.errors import PayloadError


@dataclass(frozen=True)
class TLV:
    """One field; ``children`` holds the sub-fields of a template that parses cleanly."""

    tag: str
    value: str
    children: tuple["TLV", ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return ``{tag, value, children}``, JSON-ready."""
        return {
            "tag": self.tag,
            "value": self.value,
            "children": [child.to_dict() for child in self.children],
        }

    def child(self, tag: str) -> "TLV | None":
        """Return the first child with ``tag``, or None."""
        return next((c for c in self.children if c.tag == tag), None)


def is_template_tag(tag: str) -> bool:
    """Whether root ``tag`` holds nested TLV fields (26-51, 62, 64, 80-99)."""
    return tag.isdigit() and (26 <= int(tag) <= 51 or tag in ("62", "64") or int(tag) >= 80)


@dataclass(frozen=True)
class ScanProblem:
    """Where and why a scan stopped: ``code`` is ``bad_tag``, ``bad_length`` or ``truncated``."""

    position: int
    code: str
    message: str


def scan(text: str) -> tuple[list[tuple[str, str, int]], ScanProblem | None]:
    """Split ``text`` into ``(tag, value, position)`` triples up to the first problem."""
    fields: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if len(text) - pos < 4:
            return fields, ScanProblem(
                pos,
                "truncated",
                f"at position {pos}: {text[pos:]!r} is too short for a field "
                "(tag and length need 4 characters)",
            )
        tag, length = text[pos : pos + 2], text[pos + 2 : pos + 4]
        if not (tag.isascii() and tag.isdigit()):
            return fields, ScanProblem(
                pos, "bad_tag", f"at position {pos}: tag {tag!r} is not two digits"
            )
        if not (length.isascii() and length.isdigit()):
            return fields, ScanProblem(
                pos + 2,
                "bad_length",
                f"at position {pos + 2}: length {length!r} is not two digits",
            )
        size = int(length)
        if size == 0:
            return fields, ScanProblem(
                pos + 2,
                "bad_length",
                f"at position {pos + 2}: tag {tag} declares length 00; values are 1-99 characters",
            )
        start = pos + 4
        remaining = len(text) - start
        if size > remaining:
            return fields, ScanProblem(
                pos,
                "truncated",
                f"at position {pos}: tag {tag} declares {size} characters "
                f"but only {remaining} remain",
            )
        fields.append((tag, text[start : start + size], pos))
        pos = start + size
    return fields, None


def parse_children(value: str) -> tuple[TLV, ...]:
    """Return the sub-fields of a template value, or () when it does not parse cleanly."""
    fields, problem = scan(value)
    if problem is not None or not fields:
        return ()
    return tuple(TLV(tag, val) for tag, val, _ in fields)


def root_fields(fields: Iterable[tuple[str, str, int]]) -> tuple[TLV, ...]:
    """The root fields of a scan, templates with their children."""
    return tuple(
        TLV(tag, value, parse_children(value) if is_template_tag(tag) else ())
        for tag, value, _ in fields
    )


def parse_tlv(text: str) -> tuple[TLV, ...]:
    """Parse ``text`` strictly into root fields, templates with their children.

    Raises :class:`PayloadError` (field ``payload``) naming the position of the first problem,
    e.g. "at position 8: length '1x' is not two digits".
    """
    if not isinstance(text, str):
        raise PayloadError("payload", f"expected text, got {type(text).__name__}", code="not_text")
    fields, problem = scan(text)
    if problem is not None:
        raise PayloadError("payload", problem.message, code="bad_format", position=problem.position)
    return root_fields(fields)


def encode_tlv(fields: Iterable[tuple[str, str]]) -> str:
    """Join ``(tag, value)`` pairs as EMVCo fields; values must be 1-99 characters."""
    parts: list[str] = []
    for tag, value in fields:
        if len(tag) != 2 or not (tag.isascii() and tag.isdigit()):
            raise PayloadError("payload", f"tag {tag!r} is not two digits", code="bad_format")
        if not 1 <= len(value) <= 99:
            raise PayloadError(
                "payload",
                f"tag {tag}: got {len(value)} characters, values are 1-99 characters",
                code="bad_format",
            )
        parts.append(f"{tag}{len(value):02d}{value}")
    return "".join(parts)
