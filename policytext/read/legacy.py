"""Legacy word-processor files: Word 97–2003 ``.doc`` (often saved by WPS Office) and Kingsoft Writer ``.wps``.

Both are OLE2 containers (a "Word" attachment is sometimes RTF under a .doc name: read the same way). They are
converted to ``.docx`` by LibreOffice headless (Debian package
``libreoffice-writer-nogui``) and then read by the project's docx reader, so paragraphs and table rows
(cells joined by ``\\t``) come out exactly as for a ``.docx``. LibreOffice was chosen over ``antiword`` and
``catdoc`` because it reads ``.wps`` and tables and keeps Chinese text intact (see ``tests/test_legacy_word.py``).

Each file is converted in its own ``soffice`` process, in a fresh temporary directory with its own user
profile (so parallel batch workers never share a profile lock), under a wall-clock limit; the process group is
killed on timeout. Password-protected files are recognised from the bytes before converting (an OLE2
``EncryptionInfo``/``EncryptedPackage`` stream, or the Word 97 FIB ``fEncrypted`` flag) and refused with a
one-line error, as are files LibreOffice cannot load.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from policytext.errors import CorruptFileError, TooLargeError, UnsupportedTypeError
from policytext.read import RawDocument

__all__ = ["DEBIAN_PACKAGE", "TIMEOUT", "convert_to_docx", "find_soffice", "is_encrypted", "read_legacy"]

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
TIMEOUT = 60.0  # seconds for one conversion (a 300-page .doc converts in a few seconds)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_FIB_IDENT = b"\xec\xa5"  # wIdent of a Word 97+ File Information Block, at the start of the WordDocument stream
_F_ENCRYPTED = 0x0100  # FIB flags word at offset 10; nFib (offset 2) is 0x65..0x112 for Word 6 to Word 2007+
_WORD_STREAMS = ("WordDocument", "CONTENTS")  # Word 97-2003 / WPS Office; Microsoft Works .wps
_OTHER_OFFICE = ("Workbook", "Book", "PowerPoint Document")  # OLE2 streams of .xls / .ppt files


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``) program, or None."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _has_stream(data: bytes, name: str) -> bool:
    """Whether the OLE2 directory names a stream ``name`` (directory entry names are UTF-16LE, NUL-ended)."""
    return (name.encode("utf-16-le") + b"\x00\x00") in data


def is_encrypted(data: bytes) -> bool:
    """A password-protected Office file: an encrypted OOXML package inside OLE2, or a Word 97 FIB whose
    ``fEncrypted`` flag is set (the FIB starts a 512-byte sector of the file)."""
    if any(s in data for s in _ENCRYPTED_STREAMS):
        return True
    if "WordDocument".encode("utf-16-le") not in data:
        return False
    for off in range(512, len(data) - 12, 512):
        if data[off:off + 2] == _FIB_IDENT and 0x65 <= int.from_bytes(data[off + 2:off + 4], "little") <= 0x200:
            flags = int.from_bytes(data[off + 10:off + 12], "little")
            return bool(flags & _F_ENCRYPTED)
    return False


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def convert_to_docx(data: bytes, suffix: str, src: str | None, *, timeout: float | None = None,
                    max_bytes: int = 50_000_000) -> bytes:
    """Run ``soffice --headless --convert-to docx`` on ``data`` in a private temp dir; the docx bytes.
    ``timeout`` defaults to the module's ``TIMEOUT``."""
    timeout = TIMEOUT if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedTypeError(f"reading {suffix} files needs LibreOffice: install the Debian package "
                                   f"{DEBIAN_PACKAGE} (apt-get install {DEBIAN_PACKAGE})", source=src)
    with tempfile.TemporaryDirectory(prefix="policytext-soffice-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        (work / "out").mkdir()
        inp = work / f"input{suffix}"
        inp.write_bytes(data)
        cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
               "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(work / "out"), str(inp)]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work / "home"), "LANG": "C.UTF-8",
               "TMPDIR": tmp, "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd=tmp, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise TooLargeError(f"LibreOffice took over {timeout:g} s to convert this {suffix} file; "
                                "skipped", source=src) from None
        finally:
            if proc.poll() is None:
                _kill(proc)
        out = work / "out" / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise CorruptFileError(f"corrupt or unreadable {suffix} file (LibreOffice could not load it)",
                                   source=src)
        if out.stat().st_size > max_bytes:
            raise TooLargeError(f"{suffix} file converts to {out.stat().st_size} bytes of .docx, over the limit",
                                source=src)
        return out.read_bytes()


def read_legacy(data: bytes, name: str = "", *, max_bytes: int = 50_000_000,
                timeout: float | None = None) -> RawDocument:
    """Text of a ``.doc`` / ``.wps`` file (OLE2) via LibreOffice → docx → the docx reader.
    ``RawDocument.format`` is ``doc`` or ``wps``; ``hints["converted"]`` names the converter."""
    from policytext.read.docx import read_docx

    src = name or None
    if data[:5] == b"{\\rtf":  # RTF saved under a .doc name: LibreOffice reads it as it is
        docx_bytes = convert_to_docx(data, ".rtf", src, timeout=timeout, max_bytes=max_bytes)
        doc = read_docx(docx_bytes, name, max_bytes=max_bytes)
        doc.format, doc.hints["converted"] = "doc", "libreoffice (rtf)"
        return doc
    if not data.startswith(_OLE_MAGIC):
        raise CorruptFileError("not an OLE2 file (a .doc/.wps starts with D0 CF 11 E0)", source=src)
    if is_encrypted(data):
        raise CorruptFileError("password-protected Word file: remove the password and read it again", source=src)
    shift = int.from_bytes(data[0x1E:0x20], "little")
    dir_at = (int.from_bytes(data[0x30:0x34], "little") + 1) << shift if 7 <= shift <= 16 else 0
    if dir_at >= len(data):
        raise CorruptFileError("truncated or corrupt OLE2 file (its directory lies outside the file)", source=src)
    if not any(_has_stream(data, s) for s in _WORD_STREAMS):
        other = any(_has_stream(data, s) for s in _OTHER_OFFICE)
        raise UnsupportedTypeError(("OLE2 file is an Excel or PowerPoint file" if other else
                                    "OLE2 file holds no Word or WPS document stream") +
                                   ", not a .doc/.wps; convert it to .docx or PDF first", source=src)
    suffix = Path(name).suffix.lower() if name else ""
    if suffix not in (".doc", ".wps"):
        suffix = ".doc"  # LibreOffice detects the real filter from the bytes either way
    kind = suffix[1:]
    docx_bytes = convert_to_docx(data, suffix, src, timeout=timeout, max_bytes=max_bytes)
    doc = read_docx(docx_bytes, name, max_bytes=max_bytes)
    doc.format = kind
    doc.hints["converted"] = "libreoffice"
    return doc
