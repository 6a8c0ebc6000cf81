#!/usr/bin/env bash
# Checks the GitHub workflows with the linters pinned in requirements-lint.txt: actionlint (syntax,
# expressions, action inputs and runtimes, ShellCheck on every `run:` script) and zizmor (security:
# actions not pinned to a commit, token permissions, persisted credentials, injection, ...).
#
#   bash scripts/lint-workflows.sh [BIN [WORKFLOWS]]
#
# BIN is where the linters are installed (default: the project's .venv/bin); WORKFLOWS is the folder
# to check (default: .github/workflows). Each problem is printed as `file:line: message [tool rule]`,
# the form the pull request's problem matcher turns into annotations, and the exit status is 1 if
# there is any (2 if a linter could not run at all). Nothing is fetched from the network: zizmor
# runs with --offline, which skips its few audits that ask GitHub.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath -m "${1:-$root/.venv/bin}")
workflows=$(realpath -m "${2:-$root/.github/workflows}")
cd "$root"
# Workflows inside the project are named from its root (.github/workflows/…), as GitHub names them.
case $workflows/ in
  "$root"/*) workflows=$(realpath -m --relative-to="$root" "$workflows") ;;
esac

for tool in actionlint zizmor shellcheck; do
  if [[ ! -x $bin/$tool ]]; then
    echo "lint-workflows: no $bin/$tool: install requirements-lint.txt there (make does)" >&2
    exit 2
  fi
done
# The formatter below runs with the same environment's Python when there is one.
python=$bin/python
[[ -x $python ]] || python=python3

shopt -s nullglob
files=("$workflows"/*.yml "$workflows"/*.yaml)
if (( ${#files[@]} == 0 )); then
  echo "lint-workflows: no workflow files (*.yml, *.yaml) in $workflows" >&2
  exit 2
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# A linter that could not run at all (for instance on a file that is not YAML) is reported after the
# problems the other one found, and makes the exit status 2.
failed=()

# actionlint: JSON out, to be printed one line per problem below. ShellCheck is the pinned one, not
# whatever a machine has on PATH, so every machine finds the same; pyflakes is off (no step runs
# Python code written in the workflow).
status=0
"$bin/actionlint" -no-color -format '{{json .}}' -shellcheck="$bin/shellcheck" -pyflakes= \
  "${files[@]}" > "$out/actionlint.json" 2> "$out/actionlint.err" || status=$?
# 0: no problem, 1: problems found; anything else means it did not check.
if (( status > 1 )); then
  failed+=("actionlint:$status")
  echo '[]' > "$out/actionlint.json"
fi

# zizmor: --offline (no network), --strict-collection (a workflow it cannot parse is an error, not a
# warning), the default "regular" persona (the findings its authors mean to be acted on).
status=0
"$bin/zizmor" --offline --strict-collection --no-progress --color never --format json-v1 \
  "${files[@]}" > "$out/zizmor.json" 2> "$out/zizmor.err" || status=$?
# 0: no finding, 10 and up: findings (10 + the worst severity); anything else means it did not audit.
if (( status != 0 && status < 10 )); then
  failed+=("zizmor:$status")
  echo '[]' > "$out/zizmor.json"
fi

status=0
("$python" - "$out/actionlint.json" "$out/zizmor.json" <<'PY'
import json
import sys
from pathlib import Path

actionlint_out, zizmor_out = (Path(p).read_text(encoding="utf-8").strip() for p in sys.argv[1:])
problems = []  # (file, line, message)
for error in json.loads(actionlint_out or "[]") or []:
    problems.append((error["filepath"], error["line"],
                     f"{error['message']} [actionlint {error['kind']}]"))
for finding in json.loads(zizmor_out or "[]"):
    # The primary location is where the problem is; the others only give context.
    where = ([loc for loc in finding["locations"] if loc["symbolic"]["kind"] == "Primary"]
             or finding["locations"])[0]
    key = where["symbolic"]["key"]
    local = key.get("Local", {}) if isinstance(key, dict) else {}
    path = local.get("given_path") or local.get("verbatim_path") or str(key)
    line = where["concrete"]["location"]["start_point"]["row"] + 1
    problems.append((path, line, f"{finding['desc']}: {where['symbolic']['annotation']}"
                                 f" [zizmor {finding['ident']}]"))


def shown(path: str) -> str:
    """A file inside the project named from its root, as GitHub names it; any other by its full path."""
    full = (Path.cwd() / path).resolve()
    return str(full.relative_to(Path.cwd())) if full.is_relative_to(Path.cwd()) else str(full)


for path, line, message in sorted((shown(path), line, message) for path, line, message in problems):
    print(f"{path}:{line}: {message}")
if problems:
    print(f"{len(problems)} problem(s) in the GitHub workflows: fix them, then run "
          "`bash scripts/lint-workflows.sh` again.")
    sys.exit(1)
print("GitHub workflows: actionlint and zizmor found no problem.")
PY
) || status=$?

for entry in "${failed[@]}"; do
  echo "lint-workflows: ${entry%%:*} could not check the workflows (exit ${entry#*:}):" >&2
  cat "$out/${entry%%:*}.err" >&2
done
if (( ${#failed[@]} )); then
  exit 2
fi
exit "$status"
