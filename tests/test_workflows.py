"""The GitHub workflows (.github/workflows/) are valid YAML, keep what the build relies on, and are
locked down: actions pinned to commits, least permissions, no persisted token, linters passing."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = sorted(path.name for path in WORKFLOWS.glob("*.y*ml"))
LINT = ROOT / "scripts" / "lint-workflows.sh"
# The linters of requirements-lint.txt, installed beside the Python running the tests (.venv/bin).
BIN = Path(sys.executable).parent
LINTERS = ("actionlint", "zizmor", "shellcheck")
needs_linters = pytest.mark.skipif(
    not all((BIN / tool).exists() for tool in LINTERS),
    reason=f"the workflow linters of requirements-lint.txt are not installed in {BIN}")

USES = re.compile(r"^\s*(?:-\s+)?uses:")
# `uses: owner/repo@<40 hex digits> # vX.Y.Z`: a commit, and the release it is, for people to read.
PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s*(?P<ref>[\w.-]+/[\w./-]+@[0-9a-f]{40})\s+# v\d+\.\d+\.\d+$")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict):
    return [(job, step) for job in workflow["jobs"].values() for step in job.get("steps", [])]


def all_uses(workflow: dict) -> list[str]:
    """Every action or reusable workflow a workflow runs, as the YAML has it."""
    return [job["uses"] for job in workflow["jobs"].values() if "uses" in job] + \
        [step["uses"] for _, step in steps(workflow) if "uses" in step]


def lint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(LINT), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


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


def test_both_workflows_are_checked_here():
    # The tests below go through every workflow file; a renamed or new one is not silently left out.
    assert {"pr.yml", "deploy.yml"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(name):
    # A tag (v4) can be moved to other code; a full commit hash cannot. The comment says which
    # release the commit is, for people and for update tools.
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if USES.match(line)]
    uses = all_uses(load(name))
    refs = []
    for number, line in lines:
        match = PINNED.match(line)
        assert match, f"{name}:{number}: not pinned to a full commit hash with a # vX.Y.Z comment"
        refs.append(match["ref"])
    # The lines read are all the YAML holds (no `uses:` in a form the pattern does not see).
    assert uses and sorted(refs) == sorted(uses)


@pytest.mark.parametrize("name", NAMES)
def test_the_top_level_grants_no_permission_and_every_job_says_what_it_needs(name):
    workflow = load(name)
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{name}: {job_name} sets no permissions"


def test_each_job_has_only_the_permissions_it_uses():
    # Only the deploy job, which runs no code of ours, can write Pages or prove who deploys (OIDC);
    # the build job runs `make` and everything it installs, so it only reads.
    granted = {(name, job_name): job["permissions"]
               for name in NAMES for job_name, job in load(name)["jobs"].items()}
    assert granted == {
        ("deploy.yml", "build"): {"contents": "read", "pages": "read"},
        ("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
        ("pr.yml", "check"): {"contents": "read"},
    }


@pytest.mark.parametrize("name", NAMES)
def test_no_checkout_leaves_the_token_in_the_git_config(name):
    checkouts = [step for _, step in steps(load(name))
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False


def test_the_publishing_workflow_restores_no_cache():
    # A cache entry is shared by every run on main: a bad one would be built into the published site.
    for _, step in steps(load("deploy.yml")):
        uses = step.get("uses", "")
        assert not uses.startswith("actions/cache"), uses
        assert "cache" not in step.get("with", {}), uses


def test_the_lint_script_says_when_the_linters_are_missing(tmp_path):
    result = lint(str(tmp_path))
    assert result.returncode == 2
    assert f"no {tmp_path}/actionlint" in result.stderr


@needs_linters
def test_the_workflows_pass_actionlint_and_zizmor():
    result = lint(str(BIN))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "GitHub workflows: actionlint and zizmor found no problem."


GOOD = """\
name: Example
on: push
permissions: {}
jobs:
  example:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - run: echo "$GITHUB_SHA"
"""
# One defect each: (what is replaced in GOOD, by what, the line reported, the rule that reports it).
DEFECTS = {
    "action by tag": ("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
                      "actions/checkout@v4", 10, "[zizmor unpinned-uses]"),
    "token left in the checkout": ("persist-credentials: false", "fetch-depth: 0", 10,
                                   "[zizmor artipacked]"),
    "trigger that runs with the base repository's token": ("on: push", "on: pull_request_target", 2,
                                                            "[zizmor dangerous-triggers]"),
    "template injection": ('"$GITHUB_SHA"', '"${{ github.event.head_commit.message }}"', 13,
                           "[zizmor template-injection]"),
    "unquoted shell variable": ('"$GITHUB_SHA"', "$GITHUB_SHA", 13, "[actionlint shellcheck]"),
}
MATCHER = json.loads((ROOT / ".github" / "heartline-matcher.json").read_text(encoding="utf-8"))
(PATTERN,) = MATCHER["problemMatcher"][0]["pattern"]


@needs_linters
def test_the_lint_script_passes_the_example_workflow_the_defects_are_made_in(tmp_path):
    (tmp_path / "example.yml").write_text(GOOD, encoding="utf-8")
    result = lint(str(BIN), str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@needs_linters
@pytest.mark.parametrize("defect", DEFECTS)
def test_the_lint_script_fails_on_a_bad_workflow(tmp_path, defect):
    old, new, line, rule = DEFECTS[defect]
    assert old in GOOD
    workflow = tmp_path / "bad.yml"
    workflow.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    result = lint(str(BIN), str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    *problems, summary = result.stdout.splitlines()
    assert re.fullmatch(r"\d+ problem\(s\) in the GitHub workflows: .*", summary)
    assert any(problem.startswith(f"{workflow}:{line}: ") and problem.endswith(rule)
               for problem in problems), result.stdout
    # Each problem is a line the pull request's problem matcher turns into an annotation there.
    for problem in problems:
        match = re.match(PATTERN["regexp"], problem)
        assert match and match.group(PATTERN["file"]) == str(workflow), problem
