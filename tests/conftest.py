"""Shared fixtures: the real project built once, and throw-away copies of it to break."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from scripts.build import build
from scripts.data.config import load_settings
from scripts.sandbox import copy_project, only_core_languages

@pytest.fixture(autouse=True)
def no_unexpected_warnings(caplog):
    """A test fails if the code under test logs a warning it did not expect."""
    yield
    bad = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING
           and not getattr(r, "expected", False)]
    assert not bad, "unexpected log warnings: " + "; ".join(r.getMessage() for r in bad)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def core_project(tmp_path) -> Path:
    """A copy configured with the core languages alone (Chinese and English): for tests of what
    is the same in every language, which build it in about a third of the time."""
    return only_core_languages(copy_project(tmp_path / "project"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project, built once into a temporary folder exactly as `make` builds it."""
    site = tmp_path_factory.mktemp("built") / "site"
    assert build(load_settings(), site) == 0
    return site
