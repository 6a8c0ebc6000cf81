"""Run deeply recursive work (laying out leaflets) without CPython's stack-chunk thrashing.

CPython keeps the values of Python frames on a stack made of 16 KiB chunks. When a loop keeps
calling across the boundary between two chunks, the interpreter maps a new chunk on every call and
unmaps it on every return (python/cpython#142183, fixed in 3.13 and 3.14 by caching a chunk; still
present in 3.11, which Debian 12 ships). WeasyPrint's recursive layout hit that boundary: `strace`
counted about 440 mmap/munmap pairs per leaflet, a tenth of the CPU time of a leaflet build.

`call(fn, ...)` runs fn inside a frame that reserves 64 Ki stack slots. That frame does not fit in
the current chunk, so the interpreter gives it a fresh 1 MiB chunk, and every frame fn pushes fits
in the half of that chunk the big frame leaves free: no boundary is crossed while fn runs. The
memory is only reserved; pages nobody writes are never touched. On Pythons without the problem
this is an ordinary call.
"""
from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")
STACK_SLOTS = 1 << 16


def call(fn: Callable[..., T], *args, **kwargs) -> T:
    return fn(*args, **kwargs)


call.__code__ = call.__code__.replace(co_stacksize=STACK_SLOTS)
