"""The GitHub workflows (.github/workflows/) are valid YAML and keep what the build relies on."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[1] / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict):
    return [(job, step) for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_the_site_is_built_from_a_checkout_with_its_whole_history(name):
    # The "what changed" page reads the data files' git history; a shallow checkout has none.
    workflow = load(name)
    builds = [job for job, step in steps(workflow) if "make" in step.get("run", "").split()]
    assert builds
    for job in builds:
        (checkout,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        assert checkout["with"]["fetch-depth"] == 0


def test_pull_requests_are_checked_in_debian_bookworm_with_its_chromium():
    workflow = load("pr.yml")
    (job,) = workflow["jobs"].values()
    assert job["container"]["image"].endswith("bookworm")
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'safe.directory "$GITHUB_WORKSPACE"' in runs  # git may read the checkout as root
    assert "sudo" not in runs and "setup-python" not in str(job["steps"])
    assert workflow["defaults"]["run"]["shell"] == "bash"


def test_the_problem_matcher_is_added_before_make_check_and_removed_after():
    names = [step.get("name") or step.get("uses") for _, step in steps(load("pr.yml"))]
    matcher = (WORKFLOWS.parent / "heartline-matcher.json")
    assert matcher.exists()
    assert names.index("Show problems as annotations") < names.index("make check") \
        < names.index("Stop annotating") < names.index("make test")
