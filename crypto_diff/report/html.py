"""One self-contained HTML page (--format html): a section per fact, what disagrees first,
the outlets side by side with their sentences and the figure highlighted, filters for the
verdicts, readable on a phone. Nothing is loaded from elsewhere: the style and the few
lines of script are in the page, and its Content-Security-Policy forbids any request."""
from __future__ import annotations

from html import escape

from ..models import CONFLICT, SINGLE, VERDICTS
from .summary import (Sources, counts, listed, numbered, sections, sides, silent, stale_lines,
                      summary_line)
from .wording import describe, distinct, verdict_text

POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
TITLES = {"conflict": "Conflicts", "approx": "Approximate", "agree": "Agreements",
          "single": "Single source"}

STYLE = """
:root { color-scheme: light dark; --conflict: #c62828; --approx: #b26a00; --agree: #2e7d32;
  --single: #757575; --line: #8884; --card: #8881; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
  max-width: 76rem; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0; }
.summary { margin: 0 0 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; border: 1px solid var(--line);
  border-radius: .5rem; padding: .5rem .75rem; margin: 0 0 1rem; }
.filters label { white-space: nowrap; cursor: pointer; }
.fact { border: 1px solid var(--line); border-left: .4rem solid var(--single); border-radius: .5rem;
  padding: .75rem; margin: 0 0 1rem; }
.fact.conflict { border-left-color: var(--conflict); }
.fact.approx { border-left-color: var(--approx); }
.fact.agree { border-left-color: var(--agree); }
.verdict { font-weight: 600; }
.conflict .verdict { color: var(--conflict); }
.approx .verdict { color: var(--approx); }
.agree .verdict { color: var(--agree); }
.new { background: var(--conflict); color: #fff; border-radius: .25rem; padding: 0 .3rem;
  font-size: .8rem; font-weight: 700; margin-right: .3rem; }
.sides-line { margin: .25rem 0 .5rem; }
.sides-line .odd, .card.odd .value { color: var(--conflict); font-weight: 700; }
.cards { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .75rem; }
.card.odd { border: 2px solid var(--conflict); }
.outlet { font-weight: 700; margin: 0; }
.date, .where, .silent { color: var(--single); font-size: .85rem; margin: 0; }
.value { font-size: 1.1rem; margin: .25rem 0; }
blockquote { margin: .25rem 0; padding: 0; }
mark { background: #ffeb3b; color: #000; padding: 0 .15rem; border-radius: .2rem; font-weight: 600; }
.sources li { margin: 0 0 .25rem; }
code { font-size: .85em; }
.stale { color: var(--approx); }
[hidden] { display: none !important; }
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('.filters input');
  function apply() {
    var on = {};
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    document.querySelectorAll('.fact').forEach(function (fact) {
      fact.hidden = !on[fact.dataset.verdict];
    });
    document.querySelectorAll('.story').forEach(function (story) {
      story.hidden = !story.querySelector('.fact:not([hidden])');
    });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  apply();
})();
"""


def render_report(report) -> str:
    diff, rules = report.shown, report.rules
    sources = Sources(numbered(report))
    found = counts(report.facts, diff)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
           f"<title>crypto-diff: {found['conflict']} conflict, {found['facts']} facts</title>",
           f"<style>{STYLE}</style>", "</head>", "<body>", "<header>", "<h1>crypto-diff</h1>",
           f'<p class="summary">{escape(summary_line(report.facts, diff, True))}</p>',
           '<fieldset class="filters"><legend>Show</legend>']
    for verdict in VERDICTS:
        checked = " checked" if verdict != SINGLE or report.show_all else ""
        out.append(f'<label><input type="checkbox" value="{verdict}"{checked}> '
                   f"{TITLES[verdict]} ({found[verdict]})</label>")
    out += ["</fieldset>", "</header>", "<main>"]
    for section in sections(report):
        out.append('<section class="story">')
        if section.title is not None:
            out.append(f"<h2>{escape(str(section.title))}</h2>")
        for fact in listed(section.facts, True):
            out += _fact(fact, sources, section.sources, rules, diff, report.show_all)
        out.append("</section>")
    out += ["</main>", "<footer>", "<h2>Sources</h2>", '<ol class="sources">']
    for s in sources.list:
        told = ", ".join(escape(x) for x in (s.outlet, s.published) if x)
        out.append(f"<li>{f'<strong>{told}</strong> ' if told else ''}<code>{escape(s.path)}</code></li>")
    out.append("</ol>")
    out += [f'<p class="stale">{escape(line)}</p>' for line in stale_lines(diff)]
    out += ["</footer>", f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _fact(fact, sources: Sources, story_sources, rules, diff, show_all: bool) -> list:
    verdict = fact.verdict.verdict
    hidden = " hidden" if verdict == SINGLE and not show_all else ""
    new = '<span class="new">NEW</span>' if diff is not None and diff.is_new(fact) else ""
    out = [f'<article class="fact {verdict}" data-verdict="{verdict}" id="{escape(fact.id)}"{hidden}>',
           f'<h3>{escape(fact.label)}</h3>',
           f'<p>{new}<span class="verdict">{escape(verdict_text(fact, rules))}</span></p>']
    if verdict == CONFLICT:
        parts = []
        for side in sides(fact):
            values = " / ".join(describe(f, rules) for f in side.figures)
            cls = ' class="odd"' if side.odd else ""
            parts.append(f"<span{cls}>{escape(sources.who(side.sources))}: {escape(values)}</span>")
        out.append(f'<p class="sides-line">{"; ".join(parts)}</p>')
    out.append('<div class="cards">')
    for figure, odd in _statements(fact):
        out.append(_card(figure, odd, sources, rules))
    out.append("</div>")
    quiet = silent(fact, story_sources)
    if quiet and verdict != SINGLE:
        out.append(f'<p class="silent">Silent on it: {escape(sources.who(quiet))}</p>')
    out.append("</article>")
    return out


def _statements(fact) -> list:
    """(figure, is it an odd one out) for each source's statement, the sides in order: for
    a conflict the others first, then the odd ones; each source once per distinct value."""
    odd = set(fact.verdict.odd)
    seen, out = set(), []
    order = [p for side in sides(fact) for p in side.sources] if fact.verdict.verdict == CONFLICT \
        else [p for _, paths in distinct(fact) for p in paths]
    for path in dict.fromkeys(order):
        for f in fact.figures:
            if f.source == path and (path, f.claim) not in seen:
                seen.add((path, f.claim))
                out.append((f, path in odd))
    return out


def _card(f, odd: bool, sources: Sources, rules) -> str:
    source = sources.by_path.get(f.source)
    number = sources.numbers.get(f.source, "")
    start, end = f.offset, f.offset + len(f.text)
    sentence = (escape(f.sentence[:start]) + f"<mark>{escape(f.sentence[start:end])}</mark>"
                + escape(f.sentence[end:]))
    date = f'<p class="date">{escape(source.published)}</p>' if source and source.published else ""
    return (f'<div class="card{" odd" if odd else ""}">'
            f'<p class="outlet">{escape(sources.name(f.source))} <span class="n">[{number}]</span></p>'
            f"{date}"
            f'<p class="value">{escape(describe(f, rules))}</p>'
            f"<blockquote>{sentence}</blockquote>"
            f'<p class="where"><code>{escape(f.where)}</code></p></div>')
