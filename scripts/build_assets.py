"""Copy the design system's browser files from node_modules into static/vendor.

The stock stylesheets load fonts from third-party hosts; every such URL is
rewritten to our own static files, and the build fails if any remains, so
the site never makes a request to another host.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

REMOTE_URL = re.compile(r"url\(\s*['\"]?(https?:)?//", re.IGNORECASE)
# The Google Fonts @import URL itself contains ";", so match up to the closing '");'.
FONT_IMPORT = re.compile(r"@import\s+url\(\"https://fonts\.googleapis\.com/[^\"]*\"\)\s*;")
ICON_CDN = re.compile(r"https://cdn\.design-system\.canada\.ca/@gcds-core/fonts@[^/]+/icons/")


def copy_tree(src: Path, dest: Path) -> None:
    if not src.is_dir():
        sys.exit(f"{src} is missing: run `npm ci` first.")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)


def rewrite(path: Path, replacements) -> None:
    text = path.read_text(encoding="utf-8")
    for pattern, replacement in replacements:
        text = (
            pattern.sub(replacement, text)
            if hasattr(pattern, "sub")
            else text.replace(pattern, replacement)
        )
    path.write_text(text, encoding="utf-8")


def main() -> None:
    gcds = VENDOR / "gcds"
    fonts = VENDOR / "gcds-fonts"
    copy_tree(MODULES / "@gcds-core" / "components" / "dist" / "gcds", gcds)
    copy_tree(MODULES / "@gcds-core" / "fonts" / "fonts", fonts)

    rewrite(gcds / "gcds.css", [(FONT_IMPORT, ""), (ICON_CDN, "../gcds-fonts/icons/")])
    for css in fonts.rglob("*.css"):
        rewrite(css, [("path/to/file/", ""), ("<path-to-file>/", "")])

    htmx = MODULES / "htmx.org" / "dist" / "htmx.min.js"
    if htmx.exists():
        (VENDOR / "htmx").mkdir(exist_ok=True)
        shutil.copy2(htmx, VENDOR / "htmx" / "htmx.min.js")

    offenders = [
        str(css.relative_to(ROOT))
        for css in VENDOR.rglob("*.css")
        if REMOTE_URL.search(css.read_text(encoding="utf-8"))
        or '@import url("http' in css.read_text(encoding="utf-8")
    ]
    if offenders:
        sys.exit(f"Stylesheets still load from another host: {', '.join(offenders)}")
    (VENDOR / ".built").write_text("ok\n")
    print(f"Design system assets copied to {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
