#!/usr/bin/env python3
"""Rebuild the Simplified Chinese font subset from Debian's fonts-noto-cjk.

The full Noto Sans CJK collections are ~40 MB; the letters need only the characters that
locales/zh-Hans/ uses (patient names and addresses on the Spine are Latin script, set in
Noto Sans). Run this after changing the zh-Hans wording; the glyph-coverage test fails if a
character of any locale has no glyph.

    apt-get download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb /tmp/cjk
    pip install fonttools
    python3 letter-templates/fonts/subset-cjk.py /tmp/cjk/usr/share/fonts/opentype/noto
"""
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SC_INDEX = 2  # "Noto Sans CJK SC" in NotoSansCJK-{Regular,Bold}.ttc
here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
source = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cjk/usr/share/fonts/opentype/noto")

# The wording, and locale.toml for the punctuation the layouts put between labels and values.
locale = root / "locales" / "zh-Hans"
text = "".join(p.read_text(encoding="utf-8") for p in sorted(locale.glob("*.ftl")) + [locale / "locale.toml"])
# Every character the wording uses, plus digits and ASCII punctuation for dates and numbers.
chars = sorted(set(c for c in text if ord(c) > 0x2000) | set(chr(c) for c in range(0x20, 0x7F)))
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
    out = here / f"NotoSansCJKsc-{weight}-subset.otf"
    font.save(out)
    print(f"{out.name}: {len(chars)} characters, {out.stat().st_size} bytes")
