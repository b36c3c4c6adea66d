"""Be Vietnam Pro (OFL), the font of every printed sign: where it is and how to load it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from app.render.errors import RenderError

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT_FAMILY = "Be Vietnam Pro"
REGULAR_FILE = "BeVietnamPro-Regular.ttf"
BOLD_FILE = "BeVietnamPro-Bold.ttf"


@dataclass(frozen=True)
class FontFiles:
    """The two faces a sign uses."""

    regular: Path
    bold: Path

    def path(self, bold: bool) -> Path:
        """The file of the bold or the regular face."""
        return self.bold if bold else self.regular


def font_files(font_dir: str | Path | None = None) -> FontFiles:
    """Be Vietnam Pro Regular and Bold from ``font_dir`` (default: the repository's
    static/fonts); RenderError("font_dir") if either file is missing."""
    base = Path(font_dir) if font_dir is not None else FONT_DIR
    files = FontFiles(base / REGULAR_FILE, base / BOLD_FILE)
    for f in (files.regular, files.bold):
        if not f.is_file():
            raise RenderError(
                "font_dir", f"got {str(base)!r}, {f.name} is not there", code="missing"
            )
    return files


@lru_cache(maxsize=256)
def pil_font(path: Path, size: float) -> ImageFont.FreeTypeFont:
    """A Pillow font at ``size`` px. Basic layout (no raqm): the output does not depend on
    whether libraqm is installed; NFC Vietnamese is all precomposed glyphs, so nothing needs
    shaping."""
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
