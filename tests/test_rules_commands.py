"""crypto-diff rules check / test / schema, and the JSON Schema kept in step with the code."""
import json
from pathlib import Path

import jsonschema
import yaml

from crypto_diff import rules_loader
from crypto_diff.rules_schema import json_schema

SHIPPED_SCHEMA = Path(rules_loader.__file__).with_name("rules.schema.json")


def test_rules_check_lists_extractors(run):
    result = run("rules", "check", rules_loader.SHIPPED)
    assert result.exit_code == 0
    assert "valid" in result.stdout and "extractor usd-sign (usd)" in result.stdout


def test_rules_test_runs_every_example(run):
    result = run("rules", "test", rules_loader.SHIPPED)
    assert result.exit_code == 0
    total = sum(len(e.examples) for e in rules_loader.load_rules().extractors)
    assert result.stdout.strip().endswith(f"{total} passed, 0 failed")


def test_rules_test_reports_a_failing_example_with_file_and_line(run, tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text(rules_loader.SHIPPED.read_text().replace(
        'expect: [{low: 400, high: 400}]', 'expect: [{low: 401, high: 401}]'))
    result = run("rules", "test", bad)
    assert result.exit_code == 1
    [failure] = [l for l in result.stdout.splitlines() if "btc" in l and str(bad) in l]
    line = int(failure.split(":")[1])
    assert "400 bitcoin" in bad.read_text().splitlines()[line - 1]
    assert "low should be 401" in failure


def test_committed_schema_is_the_generated_one():
    assert json.loads(SHIPPED_SCHEMA.read_text()) == json_schema()


def test_rules_schema_command_prints_it(run):
    assert json.loads(run("rules", "schema").stdout) == json_schema()


def test_shipped_rules_satisfy_the_schema():
    jsonschema.Draft202012Validator(json_schema()).validate(
        yaml.safe_load(rules_loader.SHIPPED.read_text()))


def test_schema_rejects_what_the_loader_rejects():
    data = yaml.safe_load(rules_loader.SHIPPED.read_text())
    data["extractors"][0]["patern"] = "x"
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))
    assert errors and "patern" in str(errors[0].message)
