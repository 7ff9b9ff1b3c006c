#!/usr/bin/env python3
"""Rebuild the Simplified Chinese font subset from Debian's fonts-noto-cjk.

The full Noto Sans CJK collections are ~40 MB; the letters need only the characters that
locales/zh-Hans/ uses (patient names and addresses on the Spine are Latin script, set in
Noto Sans). Run this after changing the zh-Hans wording; the glyph-coverage test fails if a
character of any locale has no glyph.

The subset is converted from CFF to TrueType outlines (quadratic curves, within 1/1000 em of
the cubic ones): Word embeds and uses only TrueType fonts in a .docx, and LibreOffice fails
to open a .docx whose embedded font is a subset CFF font. typst sets either.

    apt-get download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb /tmp/cjk
    pip install fonttools
    python3 letter-templates/fonts/subset-cjk.py /tmp/cjk/usr/share/fonts/opentype/noto
"""
import pathlib
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

SC_INDEX = 2  # "Noto Sans CJK SC" in NotoSansCJK-{Regular,Bold}.ttc
here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
source = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cjk/usr/share/fonts/opentype/noto")

# The wording, and locale.toml for the punctuation the layouts put between labels and values.
locale = root / "locales" / "zh-Hans"
text = "".join(p.read_text(encoding="utf-8") for p in sorted(locale.glob("*.ftl")) + [locale / "locale.toml"])
# Every character the wording uses, plus digits and ASCII punctuation for dates and numbers.
chars = sorted(set(c for c in text if ord(c) > 0x2000) | set(chr(c) for c in range(0x20, 0x7F)))


def to_truetype(font, max_err=1.0):
    """CFF outlines to glyf/loca, as fontTools' otf2ttf snippet does (max_err in font units)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = newTable("maxp")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements", "maxPoints", "maxContours",
                  "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font["post"].glyphOrder = None
    font.sfntVersion = "\x00\x01\x00\x00"


for weight in ("Regular", "Bold"):
    font = TTCollection(source / f"NotoSansCJK-{weight}.ttc").fonts[SC_INDEX]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chars))
    subsetter.subset(font)
    to_truetype(font)
    out = here / f"NotoSansCJKsc-{weight}-subset.ttf"
    font.save(out)
    print(f"{out.name}: {len(chars)} characters, {out.stat().st_size} bytes")
