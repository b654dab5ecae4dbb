"""A rules file with a mistake is an error naming file, line and column, before any
article is read."""
import pytest

from crypto_diff import rules_loader
from crypto_diff.errors import CryptoDiffError

from conftest import MINIMAL_RULES

SHIPPED = rules_loader.SHIPPED.read_text()

MINIMAL = MINIMAL_RULES


def error_of(text):
    with pytest.raises(CryptoDiffError) as info:
        rules_loader.parse_rules(text, "my-rules.yaml")
    return str(info.value)


def test_shipped_rules_load(rules):
    assert {"usd", "btc", "power", "date"} <= set(rules.kinds)
    assert len(rules.extractors) >= 8


def test_minimal_rules_load():
    assert rules_loader.parse_rules(MINIMAL).extractors[0].id == "usd"


@pytest.mark.parametrize("text, expected", [
    ("version: 1\nextractors: [\n", "my-rules.yaml:3:1: YAML syntax error"),
    (MINIMAL.replace("pattern:", "patern:"),
     "my-rules.yaml:7:5: unknown key 'patern' in 'extractors.0' (did you mean 'pattern'?)"),
    (MINIMAL.replace("version: 1", "version: 7"), "my-rules.yaml:1:10: unknown rules version 7"),
    (MINIMAL.replace("(?P<num>\\d+)", "(?P<num>\\\\d+"), "my-rules.yaml:7:14: pattern does not compile"),
    (MINIMAL.replace("(?P<num>\\d+)", "(\\d+)"), "has no named group 'num'"),
    (MINIMAL.replace("(?P<num>\\d+)", "{numbr}"), "undefined piece '{numbr}'"),
    (MINIMAL.replace("kind: usd", "kind: usdd"), "unknown kind 'usdd' (did you mean 'usd'?)"),
    (MINIMAL + "  - {id: usd, kind: usd, pattern: '(?P<num>1)'}\n", "duplicate extractor id 'usd'"),
    (MINIMAL.replace("{unit: USD}", "{unit: USD, tolerance: high}"),
     "'kinds.usd.tolerance' must be a number, not a string"),
    ("", "the rules file is empty"),
    (MINIMAL + "anchor: '\\d'\nword_anchor: '(?<=US)\\$'\n",
     "my-rules.yaml:9:14: word_anchor cannot use a lookbehind that must match"),
    (MINIMAL + "word_anchor: '(?i:one)'\n", "word_anchor needs an anchor"),
])
def test_rules_mistakes_are_one_line_errors(text, expected):
    message = error_of(text)
    assert expected in message
    assert "\n" not in message


def test_piece_that_refers_to_itself_is_an_error():
    text = MINIMAL + "pieces:\n  a: '{b}'\n  b: '{a}'\n"
    assert "refers to itself" in error_of(text)


def test_missing_rules_file_is_an_error(tmp_path):
    with pytest.raises(CryptoDiffError, match="rules file not found"):
        rules_loader.load_rules(tmp_path / "nope.yaml")


def test_rules_yaml_in_working_directory_wins(tmp_path):
    (tmp_path / "rules.yaml").write_text(MINIMAL)
    assert rules_loader.default_rules_path(tmp_path) == tmp_path / "rules.yaml"
    assert rules_loader.default_rules_path(tmp_path / "elsewhere") == rules_loader.SHIPPED


def test_shipped_rules_name_no_story():
    lowered = SHIPPED.lower()
    # currency names ("Pakistani rupees") are general; the seeds' story words are not
    for word in ("salvador", "pakistan crypto", "saylor", "bukele", "imf", "bybit", "ronin"):
        assert word not in lowered
