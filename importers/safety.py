"""Checks every uploaded or named file passes before anything reads it.

Size limit, format sniffing from the bytes (not the name), strict text
encoding, and zip archives (shapefiles in a zip, XLSX) checked for paths
outside their folder, links and zip bombs before a single byte is extracted.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from i18n import _
from importers.errors import ImportFileError

MiB = 1024 * 1024
DEFAULT_MAX_MB = 50


def max_file_bytes() -> int:
    """The largest file an import accepts: 50 MiB, or `$CORREDOR_IMPORT_MAX_MB`."""
    try:
        return int(float(os.environ.get("CORREDOR_IMPORT_MAX_MB", DEFAULT_MAX_MB)) * MiB)
    except ValueError:
        return DEFAULT_MAX_MB * MiB


MAX_UNCOMPRESSED_BYTES = 200 * MiB  # all members of one archive together
MAX_RATIO = 100  # uncompressed / compressed, per member larger than RATIO_FLOOR
RATIO_FLOOR = 1 * MiB
MAX_MEMBERS = 2000


def check_size(path: Path) -> int:
    """The file's size in bytes; raise if it is empty or over the limit."""
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("empty", _("the file is empty (0 bytes)"), path=path)
    limit = max_file_bytes()
    if size > limit:
        raise ImportFileError("too_large", _("the file is {size}; the limit is {limit}").format(size=human_size(size), limit=human_size(limit)), path=path)
    return size


def human_size(size: float) -> str:
    """50 MiB, 60.2 MiB, 2.0 KiB."""
    if size >= MiB:
        mib = size / MiB
        return f"{mib:.0f} MiB" if mib.is_integer() else f"{mib:.1f} MiB"
    return f"{size / 1024:.1f} KiB"


# --- what kind of file is it -------------------------------------------------

SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # empty archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
)


def sniff(path: Path) -> str:
    """zip, xlsx, xls, sqlite, pdf, …, or text (anything without NUL bytes in its first 8 KiB)."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            if kind == "zip":
                try:
                    with zipfile.ZipFile(path) as archive:
                        names = set(archive.namelist())
                except zipfile.BadZipFile:
                    return "binary"
                if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
                    return "xlsx"
            return kind
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte-order mark
    if b"\x00" in head:
        return "binary"
    return "text"


# --- text encoding -----------------------------------------------------------


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark; anything else is refused.

    Guessing an encoding silently turns "Tapachula, Chiapas, México" into
    mojibake in the data, so a file in another encoding gets an error naming
    the line and the likely encoding instead.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise ImportFileError("encoding", _("the file starts as UTF-16 but is not valid UTF-16 ({err})").format(err=err.reason), path=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start : err.start + 1]
        guess = _("Windows-1252 or Latin-1") if _decodes(data, "cp1252") else _("not UTF-8")
        raise ImportFileError(
            "encoding",
            _(
                "the file is not UTF-8 text: byte 0x{byte} on line {line} cannot be read (it looks like {guess}). "
                "Save it as UTF-8 (in a spreadsheet: CSV UTF-8) and import it again"
            ).format(byte=bad.hex().upper(), line=line, guess=guess),
            path=path,
        ) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


# --- zip archives ------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_name(name: str) -> str | None:
    """Why a member name would land outside the extraction folder, or None if it is safe."""
    if "\x00" in name:
        return _("a NUL byte in the name")
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        return _("an absolute path")
    if ".." in PurePosixPath(unified).parts:
        return _("a path that climbs out of the folder (..)")
    return None


def check_zip(path: Path) -> list[zipfile.ZipInfo]:
    """The archive's members, after refusing unsafe paths, links, encryption and zip bombs."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise ImportFileError("unreadable", _("not a readable zip archive ({err})").format(err=err), path=path) from None
    with archive:
        members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportFileError("zip_bomb", _("the archive holds {n} files; at most {limit} are accepted").format(n=len(members), limit=MAX_MEMBERS), path=path)
    total = 0
    for info in members:
        why = _unsafe_name(info.filename)
        if why:
            raise ImportFileError(
                "zip_unsafe",
                _("the archive member {name!r} has {why}: refused, nothing was extracted").format(name=info.filename, why=why),
                path=path,
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ImportFileError("zip_unsafe", _("the archive member {name!r} is a symbolic link: refused").format(name=info.filename), path=path)
        if info.flag_bits & 0x1:
            raise ImportFileError("unreadable", _("the archive member {name!r} is encrypted").format(name=info.filename), path=path)
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportFileError(
                "zip_bomb",
                _("the archive member {name!r} expands {ratio:.0f} times (to {size:.0f} MiB): refused as a zip bomb").format(
                    name=info.filename, ratio=info.file_size / max(info.compress_size, 1), size=info.file_size / MiB
                ),
                path=path,
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            "zip_bomb",
            _("the archive expands to {size:.0f} MiB; at most {limit:.0f} MiB are accepted").format(size=total / MiB, limit=MAX_UNCOMPRESSED_BYTES / MiB),
            path=path,
        )
    return members


def extract_zip(path: Path, dest: Path) -> list[Path]:
    """Extract a checked archive into `dest`, counting real bytes (headers can lie). Returns the files."""
    members = check_zip(path)
    dest = dest.resolve()
    written: list[Path] = []
    budget = MAX_UNCOMPRESSED_BYTES
    with zipfile.ZipFile(path) as archive:
        for info in members:
            if info.is_dir():
                continue
            target = (dest / info.filename.replace("\\", "/")).resolve()
            if dest not in target.parents:
                raise ImportFileError("zip_unsafe", _("the archive member {name!r} would land outside its folder").format(name=info.filename), path=path)
            target.parent.mkdir(parents=True, exist_ok=True)
            declared = info.file_size
            count = 0
            try:
                with archive.open(info) as source, open(target, "wb") as out:
                    while chunk := source.read(1024 * 1024):
                        count += len(chunk)
                        budget -= len(chunk)
                        if count > declared or budget < 0:
                            raise ImportFileError(
                                "zip_bomb", _("the archive member {name!r} expands beyond its declared size: refused").format(name=info.filename), path=path
                            )
                        out.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError) as err:
                raise ImportFileError("unreadable", _("the archive member {name!r} is damaged ({err})").format(name=info.filename, err=err), path=path) from None
            written.append(target)
    return written
