"""Copy a corpus into traditional script: ``python -m evaluation.traditional SRC DST``.

Held-out test material for issue 13.  The conversion uses ``opencc-purepy`` (a dev-only
dependency, an independent implementation), never the tool's own converter, so the test
set is not made by the code it tests.  ``.txt`` files are converted whole; ``.docx``
files run by run (every ``w:t`` element), so the layout stays.  Gold files and the
manifest are copied unchanged: the tool's records are compared in simplified script.
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path


def _converter():
    from opencc_purepy import OpenCC

    return OpenCC("s2t")


def convert_docx(src: Path, dst: Path, conv) -> None:
    text_re = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                xml = data.decode("utf-8")
                xml = text_re.sub(lambda m: m.group(1) + conv.convert(m.group(2)) + m.group(3), xml)
                data = xml.encode("utf-8")
            zout.writestr(item, data)


def _convert_text(data: bytes, conv) -> bytes:
    """Convert in the file's own encoding (UTF-8 with or without BOM, else GB18030)."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        out = conv.convert(text)
        try:
            return (b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b"") + out.encode(
                "utf-8" if enc == "utf-8-sig" else enc
            )
        except UnicodeEncodeError:
            return out.encode("utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    src, dst = Path(args[0]), Path(args[1])
    dst.mkdir(parents=True, exist_ok=True)
    conv = _converter()
    for p in sorted(src.iterdir()):
        if p.suffix == ".txt":
            (dst / p.name).write_bytes(_convert_text(p.read_bytes(), conv))
        elif p.suffix == ".docx":
            convert_docx(p, dst / p.name, conv)
        elif p.is_file():
            shutil.copy(p, dst / p.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
