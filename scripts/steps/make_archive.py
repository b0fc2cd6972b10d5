"""Zip the built site into one download that works unzipped and opened from a file, offline.

A browser reads a site from a file differently from a server, so the copy in the zip differs from
the served site in four ways (Material's `offline` plugin does the same for a whole build; here the
served site keeps its directory URLs and only the zipped copy changes):

- a link to a folder (`../loss/`, `..`) names its index.html: a file:// folder shows a listing;
- the search index is also search/search_index.js (`var __index = ...`): under file:// Material
  loads it with a <script>, since fetch() fails there;
- Material's search runs in a Web Worker, which a page opened from a file may not start: each page
  loads the iframe-worker shim (npm `iframe-worker`, pinned, served from the zip) before Material;
- no font is preloaded: a preload with `crossorigin` is refused from a file (it has no origin).

It leaves out the theme's source maps (*.map, 1.3 MB): they serve a developer's debugger, not a
reader. Files already compressed (fonts, PNGs, the wheel) are stored as they are; the others are
deflated once per content (.cache/archive), so a rebuild after an edit compresses only what changed.

Deterministic: entries sorted, every time 1980-01-01, fixed modes.

    python scripts/steps/make_archive.py SITE_DIR
"""
import argparse
import io
import json
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.outputs import ByContent, write_atomically  # noqa: E402

NAME = "chapter4-site.zip"  # in SITE_DIR/downloads/, linked from the home page
TOP = "chapter4-site"  # the folder the zip unpacks into
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"
LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
HEAD = re.compile(r"(<head[^>]*>)")


def folder_link(url):
    """``url`` with index.html where it names a folder; other URLs unchanged."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#|^$", url, re.I):
        return url  # another scheme, another host, or a fragment of this page
    path, rest = re.match(r"^([^?#]*)(.*)$", url).groups()
    if path in (".", ".."):
        return f"{path}/index.html{rest}"
    if path == "" or path.endswith("/"):
        return f"{path}index.html{rest}"
    return url


FONT_PRELOAD = re.compile(r'<link rel="preload" href="[^"]*" as="font"[^>]*>')


def offline_html(text, depth):
    """A page of the zipped copy: folder links name index.html; no font preloads; the worker shim loads first.
    (The stylesheet still loads each font when a formula needs it.)"""
    text = FONT_PRELOAD.sub("", text)
    text = LINK.sub(lambda m: m.group(1) + folder_link(m.group(2)) + m.group(3), text)
    shim = f'<script src="{"../" * depth}{SHIM_PATH}"></script>'
    return HEAD.sub(lambda m: m.group(1) + shim, text, count=1)


def offline_index(text):
    """search_index.js: the index with each location naming its page's index.html."""
    index = json.loads(text)
    for doc in index["docs"]:
        doc["location"] = folder_link(doc["location"]) if doc["location"] else "index.html"
    return "var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))


LEFT_OUT = (".map",)
CACHE = ROOT / ".cache" / "archive"
LEVEL = 6
COMPRESSED = (".png", ".woff", ".woff2", ".whl", ".zip", ".gz")


def site_files(site):
    """Every file of the site (relative POSIX path -> bytes), the zip itself and source maps excepted."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.name != NAME and not path.name.startswith(".")
            and not path.name.endswith(LEFT_OUT)}


def deflate(data):
    """The raw deflate stream zipfile writes for ``data`` (level 6)."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def deflated(cache=CACHE):
    """``deflate`` once per content, cached in .cache/archive by zlib's version and the level."""
    return ByContent(cache, deflate, f"zlib {zlib.ZLIB_RUNTIME_VERSION} level {LEVEL}\n".encode(), ".deflate")


def zip_bytes(entries, deflate_with):
    """A zip of {name: bytes}, entries in that order, laid out byte for byte as zipfile.ZipFile
    writes it (tests/test_offline.py compares them): what is compressed already is stored."""
    out, central = io.BytesIO(), []
    for name, data in entries.items():
        info = zipfile.ZipInfo(f"{TOP}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED if name.endswith(COMPRESSED) else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        payload = data if info.compress_type == zipfile.ZIP_STORED else deflate_with(data)
        info.CRC, info.file_size, info.compress_size = zlib.crc32(data), len(data), len(payload)
        info.header_offset = out.tell()
        out.write(info.FileHeader(zip64=False) + payload)
        central.append(info)
    start = out.tell()
    for info in central:
        name = info.filename.encode("utf-8")
        flags = 0x800 if not info.filename.isascii() else 0  # the name's encoding, as zipfile marks it
        year, month, day, hour, minute, second = info.date_time
        date, time = (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
        out.write(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", info.create_version, info.create_system,
                              info.extract_version, 0, flags, info.compress_type, time, date, info.CRC,
                              info.compress_size, info.file_size, len(name), 0, 0, 0, 0, info.external_attr,
                              info.header_offset) + name)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def archive(files, deflate_with=None):
    """The zip of the site's ``files`` (relative path -> bytes) as a reader unpacks it."""
    entries = {}
    for name, data in files.items():
        if name.endswith(".html"):
            data = offline_html(data.decode("utf-8"), name.count("/")).encode("utf-8")
        entries[name] = data
        if name == "search/search_index.json":
            entries["search/search_index.js"] = offline_index(data.decode("utf-8")).encode("utf-8")
    entries[SHIM_PATH] = SHIM.read_bytes()
    return zip_bytes(dict(sorted(entries.items())), deflate_with or deflated())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not SHIM.is_file():
        print(f"make_archive: FAILED: {SHIM.relative_to(ROOT)} is missing: run `make site` (it runs npm ci)", file=sys.stderr)
        return 1
    files = site_files(site)
    (site / "downloads").mkdir(exist_ok=True)
    cached = deflated()
    write_atomically(site / "downloads" / NAME, archive(files, cached))
    cached.prune()
    print(f"archive: downloads/{NAME} ({(site / 'downloads' / NAME).stat().st_size // 1024} KiB, {len(files) + 2} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
