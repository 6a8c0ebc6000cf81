"""Reading a data file's text: refused, with the line and the fix, when it is missing, too large, not
UTF-8, holds a NUL byte or is empty."""
from __future__ import annotations

from pathlib import Path

from scripts.data.problems import Problem

MAX_FILE_BYTES = 32 * 1024 * 1024  # 20,000 sites take about 14 MB; anything past this is a mistake


def read_text_file(path: Path, rel: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[str | None, Problem | None]:
    """A data file's text, or the problem that keeps it from being read: missing, too large, not
    UTF-8, holding a NUL byte, or empty."""
    def problem(line, message):
        return None, Problem(rel, line, "", message)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return problem(1, f"file is missing — create {rel}")
    if size > max_bytes:
        return problem(1, f"the file is {size / 1048576:.1f} MB; the limit is {max_bytes // 1048576} MB "
                          "— a data file this large is a mistake (was something pasted twice?)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return problem(line, f"byte 0x{raw[exc.start]:02x} is not UTF-8 text — save the file as UTF-8 "
                             "(in your editor: Save with Encoding → UTF-8; it may have been saved as "
                             "GBK or Windows-1252)")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return problem(line, "the file holds a NUL byte (an invisible \\0 character) — delete it, or "
                             "copy the text into a new file saved as UTF-8")
    if not text.lstrip("\ufeff").strip():
        return problem(1, "the file is empty — restore it with `git checkout " + rel + "`")
    return text, None
