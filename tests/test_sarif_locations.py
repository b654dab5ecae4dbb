"""A SARIF alert stands on the article that brought the new value: its first (and only)
location is that statement, the one code scanning shows; the fact's other statements are
related locations. Without a baseline, or when every value is new, it stands on the
value the fewest sources give (the odd one out)."""
import json

import jsonschema
import pytest

from test_formats import SCHEMA

SAYS = "The national treasury now holds {} BTC in its strategic reserve, officials said."


def statements(**values) -> dict:
    return {f"{name}.txt": SAYS.format(value) for name, value in values.items()}


# (id, articles accepted in the baseline (None: no baseline), articles of the run,
#  the primary location's file, the related locations' files)
CASES = [
    ("a new article, named last", statements(a="6,238", b="over 6,240"),
     statements(a="6,238", b="over 6,240", z="6,239"), "z.txt", ["a.txt", "b.txt"]),
    ("a new article, named first", statements(b="6,238", c="over 6,240"),
     statements(a="6,239", b="6,238", c="over 6,240"), "a.txt", ["b.txt", "c.txt"]),
    ("an edited figure", statements(a="6,238", b="over 6,240", c="6,238"),
     statements(a="6,238", b="over 6,240", c="6,237"), "c.txt", ["a.txt", "b.txt"]),
    ("no baseline: the value fewest sources give", None,
     statements(a="6,238", b="6,238", c="over 6,240"), "c.txt", ["a.txt", "b.txt"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_alert_stands_on_the_article_that_brought_the_new_value(run, tree, tmp_path, case):
    _, accepted, articles, primary, related = case
    args = []
    if accepted is not None:
        baseline = tmp_path / "baseline.yaml"
        assert run("baseline", tree(accepted, root=tmp_path / "before"), "--baseline", baseline).exit_code == 0
        args = ["--baseline", baseline]
    tree(articles, root=tmp_path / "now")
    result = run("compare", "now", "--format", "sarif", *args)  # relative: plain URIs
    assert result.exit_code == 1, result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    [alert] = log["runs"][0]["results"]
    uri = lambda location: location["physicalLocation"]["artifactLocation"]["uri"]
    assert [uri(l) for l in alert["locations"]] == [f"now/{primary}"]
    assert [uri(l) for l in alert["relatedLocations"]] == [f"now/{name}" for name in related]
    assert [l["id"] for l in alert["relatedLocations"]] == list(range(1, len(related) + 1))
    assert all(l["message"]["text"] for l in alert["relatedLocations"])
