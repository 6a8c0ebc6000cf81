"""Putting a finished build in place of site/: one build at a time, readable by any web server,
swapped in with one atomic step, and nothing left behind by a build that was killed.

The build writes into a temporary folder beside site/ (`.site-new-XXXX`, plus `-shardN` folders
while MkDocs runs in parallel). On Linux the finished folder and site/ are exchanged with one
renameat2(RENAME_EXCHANGE) call: a web server reading site/ sees either the old site or the new
one, never a missing or half-written folder. Where that call does not exist (another system, or a
file system that refuses it) the old site is first moved aside to `.site-old-<pid>`, and a build
killed between the two moves has the next build put it back.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

# What a web server running as another user needs: files readable, folders readable and enterable.
FILE_MODE = 0o644
DIR_MODE = 0o755

_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1  # linux/fs.h
# errno values with which renameat2 says "not here", rather than "this failed".
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV}


def new_prefix(target: Path) -> str:
    """Name prefix of a build's temporary folder beside target: '.site-new-'."""
    return f".{target.name}-new-"


def old_prefix(target: Path) -> str:
    """Name prefix of an old site moved aside by the two-step fallback: '.site-old-'."""
    return f".{target.name}-old-"


@contextmanager
def build_lock(lock_file: Path):
    """Hold an exclusive lock on lock_file for the block. A second build waits for the first one,
    saying so. The lock is the kernel's (flock): it goes when its process ends, even if killed."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            print(f"Another build is running{f' (process {holder})' if holder else ''}; "
                  "waiting for it to finish…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what killed builds left beside target (call it holding the build lock). When target
    is missing because a build died between the two moves of the fallback, the old site moved aside
    is put back first. Returns the folders removed."""
    parent = target.parent
    if not parent.is_dir():
        return []
    olds = sorted(parent.glob(old_prefix(target) + "*"), key=lambda p: p.stat().st_mtime)
    if not target.exists() and olds:
        olds.pop().rename(target)
    removed = olds + sorted(parent.glob(new_prefix(target) + "*"))
    for path in removed:  # folders, and the files a build keeps beside them (scripts/build.py)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed


def _load_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths a and b in one step. False when this system or file system
    cannot (nothing was changed then); OSError for any other failure."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def remove_tree(path: Path) -> None:
    """Delete a replaced site (a seam the tests use to stop a build at this exact point)."""
    shutil.rmtree(path, ignore_errors=True)


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder new in target's place, then delete the old target."""
    if not target.exists():
        new.rename(target)
    elif exchange(new, target):
        remove_tree(new)  # new now holds the old site
    else:
        old = target.with_name(f"{old_prefix(target)}{os.getpid()}")
        target.rename(old)
        new.rename(target)
        remove_tree(old)


def open_up(tree: Path) -> None:
    """Set folders to 0755 and files to 0644 throughout tree (mkdtemp makes its folder 0700, and a
    restrictive umask would make the rest private too): any web server user can read the site."""
    os.chmod(tree, DIR_MODE)
    for folder, dirs, files in os.walk(tree):
        for names, mode in ((dirs, DIR_MODE), (files, FILE_MODE)):
            for name in names:
                path = os.path.join(folder, name)
                if not stat.S_ISLNK(os.lstat(path).st_mode):  # a link's target is not ours to change
                    os.chmod(path, mode)
