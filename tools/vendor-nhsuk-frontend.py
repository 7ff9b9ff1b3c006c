#!/usr/bin/env python3
"""Vendor the NHS.UK frontend's compiled CSS (npm `nhsuk-frontend`, MIT) for the officers' web
page, without its web fonts: no page may fetch anything from elsewhere, and Frutiger is a
licensed font, so every `@font-face` is removed and the page falls back to Arial.

    python3 tools/vendor-nhsuk-frontend.py            # downloads the pinned version with npm
    python3 tools/vendor-nhsuk-frontend.py PACKAGE.tgz

Writes web/assets/nhsuk-frontend.min.css and the images the CSS refers to, byte for byte the
same for the same package. tests/web_assets.rs checks the result.
"""
import os
import re
import subprocess
import sys
import tarfile
import tempfile

VERSION = "10.6.1"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "web", "assets")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            tgz = sys.argv[1]
        else:
            subprocess.run(["npm", "pack", f"nhsuk-frontend@{VERSION}", "--silent"], cwd=tmp,
                           check=True, stdout=subprocess.DEVNULL)
            tgz = os.path.join(tmp, f"nhsuk-frontend-{VERSION}.tgz")
        with tarfile.open(tgz) as t:
            css = t.extractfile("package/dist/nhsuk/nhsuk-frontend.min.css").read().decode()
            version = re.search(r'"version":\s*"([^"]+)"',
                                t.extractfile("package/package.json").read().decode()).group(1)
            # Web fonts out: the @font-face rules, and Frutiger from every font stack.
            css = re.sub(r"@font-face\{[^}]*\}", "", css)
            css = re.sub(r'"?Frutiger W01"?,\s*', "", css)
            css = re.sub(r"Frutiger W01,\s*", "", css)
            images = sorted(set(re.findall(r"url\(/assets/images/([a-z0-9-]+\.svg)\)", css)))
            os.makedirs(os.path.join(OUT, "images"), exist_ok=True)
            for name in images:
                data = t.extractfile(f"package/dist/nhsuk/assets/images/{name}").read()
                with open(os.path.join(OUT, "images", name), "wb") as f:
                    f.write(data)
        header = (f"/* nhsuk-frontend {version} (npm), MIT licence (web/assets/LICENSE-nhsuk-frontend), "
                  "with its @font-face rules and Frutiger removed by tools/vendor-nhsuk-frontend.py */\n")
        # After @charset, which must come first.
        charset = '@charset "UTF-8";'
        body = charset + header + css[len(charset):] if css.startswith(charset) else header + css
        with open(os.path.join(OUT, "nhsuk-frontend.min.css"), "w", encoding="utf-8") as f:
            f.write(body)
        print(f"nhsuk-frontend {version}: {len(css)} bytes of CSS, {len(images)} images")


if __name__ == "__main__":
    main()
