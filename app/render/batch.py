"""Many signs into one PDF, streamed: memory stays bounded however many signs there are.

fpdf2 keeps every page of a document in memory until it writes the file, so a whole market
(1,000 signs and more) is drawn in chunks: each chunk of `CHUNK_SIGNS` signs is one small
fpdf2 document (its own subset of the font, with only the glyphs that chunk uses), which is
taken apart at once and its objects copied, renumbered, into the one output document. The
chunk's catalogue, page tree and document information are left behind; its pages hang from
the output's one page tree, written at the end with the list of page object numbers (a few
bytes a page). So at any moment there is one chunk in memory, never the whole document.

The signs come from an iterable and are drawn as they are taken: a database cursor can feed
the writer without a list of all vendors. `progress(done)` is called after each sign is drawn.
Same signs in, same bytes out (fixed dates, the document ID is a hash of what was written).
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Final

from fpdf.fonts import SubsetMap

from app.render.errors import RenderError, check_choice
from app.render.fonts import font_files
from app.render.layout import Measure, Sign
from app.render.pdf import (
    PAGE_SIZES,
    PAGES,
    SIGNS_PER_PAGE,
    add_sign,
    new_pdf,
    pdf_bytes,
    pdf_measure,
)
from app.render.symbol import DEFAULT_ENCODER

#: Signs drawn into one fpdf2 document before it is copied out (a multiple of 4, so A4
#: pages are never split between chunks): ~100 signs keep a chunk at ~2 MB, and the cost of
#: each chunk (its font subset, collecting its garbage) small beside its drawing.
CHUNK_SIGNS: Final = 96
TITLE: Final = "Mã QR thanh toán"

Progress = Callable[[int], None]

_REF = re.compile(rb"(\d+) 0 R\b")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJ_HEAD = re.compile(rb"^(\d+) 0 obj\n")


@dataclass
class _Chunk:
    """One fpdf2 document's objects by number, and the numbers of its special objects."""

    objects: dict[int, bytes]
    root: int
    info: int
    pages: int
    kids: list[int]
    media_box: bytes


def _parse(document: bytes) -> _Chunk:
    """Take an fpdf2 document apart by its cross-reference table."""
    start = int(document[document.rindex(b"startxref") + 9 :].split()[0])
    table, trailer = document[start:].split(b"trailer", 1)
    offsets = [
        int(m.group(1)) for m in _XREF_ENTRY.finditer(table) if m.group(3) == b"n"
    ]  # entry i+1 is object i+1 (fpdf2 numbers its objects 1..n without gaps)
    ends = [*sorted(offsets)[1:], start]
    by_offset = dict(zip(sorted(offsets), ends, strict=True))
    objects: dict[int, bytes] = {}
    for offset in offsets:
        body = document[offset : by_offset[offset]]
        head = _OBJ_HEAD.match(body)
        if head is None:
            raise RuntimeError("fpdf2 wrote an object the batch writer cannot read")
        objects[int(head.group(1))] = body[head.end() :]
    root = _ref(trailer, b"/Root")
    info = _ref(trailer, b"/Info")
    pages = _ref(objects[root], b"/Pages")
    tree = objects[pages]
    kids_at = tree.index(b"/Kids")
    kids = [int(n) for n in _REF.findall(tree[kids_at : tree.index(b"]", kids_at)])]
    box = re.search(rb"/MediaBox \[[^\]]*\]", tree)
    if box is None:
        raise RuntimeError("fpdf2 wrote a page tree without a page size")
    return _Chunk(objects, root, info, pages, kids, box.group(0))


def _ref(text: bytes, key: bytes) -> int:
    found = re.search(re.escape(key) + rb" (\d+) 0 R", text)
    if found is None:
        raise RuntimeError(f"fpdf2 wrote a document without {key.decode()}")
    return int(found.group(1))


def _renumbered(body: bytes, numbers: dict[int, int]) -> bytes:
    """An object's body with its references renumbered (the dictionary only, never a
    stream's data)."""
    cut = body.find(b"\nstream\n")
    head, rest = (body, b"") if cut == -1 else (body[:cut], body[cut:])
    return _REF.sub(lambda m: b"%d 0 R" % numbers[int(m.group(1))], head) + rest


@dataclass
class _Output:
    """The output document as it is written: offsets of the objects written so far."""

    out: BinaryIO
    offsets: dict[int, int] = field(default_factory=dict)
    position: int = 0
    next_number: int = 3  # 1 is the page tree, 2 the catalogue (both written last)
    digest: Any = field(default_factory=hashlib.md5)

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.position += len(data)

    def number(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.position
        self.write(b"%d 0 obj\n" % number + body)


PAGE_TREE: Final = 1
CATALOG: Final = 2


def _signs_checked(signs: Iterable[Sign]) -> Iterator[Sign]:
    iterator = iter(signs)
    first = next(iterator, None)
    if first is None:
        raise RenderError("signs", "got 0 signs, at least 1 needed", code="empty")
    return chain((first,), iterator)


def write_signs_pdf(
    signs: Iterable[Sign],
    out: BinaryIO,
    *,
    page: str = "A6",
    progress: Progress | None = None,
    font_dir: str | Path | None = None,
    encoder: str = DEFAULT_ENCODER,
    chunk_signs: int = CHUNK_SIGNS,
) -> int:
    """Write `signs` as one printable PDF to `out`, taking them one by one: "A6" one sign a
    page; "A4" four A6 signs a page (2x2) with dashed cut lines. Returns how many signs were
    written; `progress(done)` is called after each one."""
    check_choice("page", page, PAGES)
    per_page = SIGNS_PER_PAGE[page]
    if chunk_signs < per_page or chunk_signs % per_page:
        raise ValueError(f"chunk_signs: got {chunk_signs}, a multiple of {per_page} needed")
    fonts = font_files(font_dir)
    widths = _Widths()
    output = _Output(out)
    kids: list[int] = []
    media_box = b""
    info: bytes | None = None
    done = chunks = 0
    pdf = None
    for sign in _signs_checked(signs):
        if pdf is None:
            pdf = new_pdf(fonts, PAGE_SIZES[page], TITLE)
            widths.measure = pdf_measure(pdf)
        add_sign(pdf, sign, done, page, widths.width, encoder)
        done += 1
        if progress is not None:
            progress(done)
        if done % chunk_signs == 0:
            media_box, info = _copy_chunk(pdf_bytes(pdf), output, kids, info)
            pdf = None
            chunks += 1
            _forget_fonts(collect=chunks % COLLECT_EVERY == 0)
    if pdf is not None:
        media_box, info = _copy_chunk(pdf_bytes(pdf), output, kids, info)
    _finish(output, kids, media_box, info)
    return done


#: Chunks between two garbage collections. A chunk leaves ~0.3 MB of cycles behind and a
#: full collection costs ~0.1 s in a big process: after every chunk, the peak of 1,000 signs
#: is that of 100 (5 MB); every 2 chunks, 6 MB; every 4, 8.6 MB, for ~0.3 s less.
COLLECT_EVERY: Final = 1
#: Widths remembered while a document is written (the same bank names, headings and labels
#: come back on every sign); forgotten beyond this many.
MEASURE_MEMORY: Final = 2_000


class _Widths:
    """Text widths, remembered while a document is written: measuring is most of the drawing
    time, the same bank names, headings and labels come back on every sign, and the font
    measures the same in every chunk (measuring adds nothing to a document)."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, bool, float], float] = {}
        self.measure: Measure | None = None  # the current chunk's

    def width(self, text: str, bold: bool, size: float) -> float:
        key = (text, bold, size)
        found = self.known.get(key)
        if found is None:
            assert self.measure is not None
            if len(self.known) >= MEASURE_MEMORY:
                self.known.clear()
            found = self.known[key] = self.measure(text, bold, size)
        return found


def _forget_fonts(collect: bool) -> None:
    """Let a finished chunk go: fpdf2 caches glyph look-ups in functools caches on its
    SubsetMap class, keyed by the subset, which would keep every chunk's fonts alive."""
    for name in ("pick", "get_glyph"):
        cached = getattr(SubsetMap, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
    if collect:  # an FPDF is a web of cycles: collect them every few chunks, not a dozen later
        gc.collect()


def _copy_chunk(
    document: bytes, output: _Output, kids: list[int], info: bytes | None
) -> tuple[bytes, bytes]:
    """Copy a chunk's objects into the output, its pages under the output's page tree.
    Returns the chunk's page size and (the first chunk's) document information."""
    chunk = _parse(document)
    if output.position == 0:  # the header: "%PDF-1.x" and the binary marker line
        header_end = document.index(b"\n", document.index(b"\n") + 1) + 1
        output.write(document[:header_end])
    left_out = {chunk.root, chunk.info, chunk.pages}
    numbers = {chunk.pages: PAGE_TREE}
    for number in sorted(chunk.objects):
        if number not in left_out:
            numbers[number] = output.number()
    for number in sorted(chunk.objects):
        if number not in left_out:
            output.object(numbers[number], _renumbered(chunk.objects[number], numbers))
    kids.extend(numbers[kid] for kid in chunk.kids)
    return chunk.media_box, info if info is not None else chunk.objects[chunk.info]


def _finish(output: _Output, kids: list[int], media_box: bytes, info: bytes | None) -> None:
    """The page tree, the catalogue, the information, the cross-reference table, the
    trailer."""
    kid_refs = b"\n".join(b"%d 0 R" % kid for kid in kids)
    output.object(
        PAGE_TREE,
        b"<<\n/Count %d\n/Kids [%s]\n%s\n/Type /Pages\n>>\nendobj\n"
        % (len(kids), kid_refs, media_box),
    )
    output.object(
        CATALOG,
        b"<<\n/Lang (vi)\n/PageLayout /OneColumn\n/Pages %d 0 R\n/Type /Catalog\n>>\nendobj\n"
        % PAGE_TREE,
    )
    info_number = output.number()
    assert info is not None
    output.object(info_number, info)
    identifier = output.digest.hexdigest().upper().encode()
    size = output.next_number
    start = output.position
    lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
    lines += [b"%010d 00000 n \n" % output.offsets[n] for n in range(1, size)]
    output.write(b"".join(lines))
    output.write(
        b"trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/ID [<%s><%s>]\n>>\nstartxref\n%d\n"
        b"%%%%EOF\n" % (size, CATALOG, info_number, identifier, identifier, start)
    )
