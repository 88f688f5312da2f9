"""The built-in packs load, document themselves, and broken packs fail like a compiler."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from loveaudit.checks import CHECKS
from loveaudit.errors import ConfigError
from loveaudit.packs import load_ruleset
from loveaudit.ruledoc import SECTIONS, render_rule

SHIPPED = Path(__file__).parent / "data" / "shipped_rule_ids.txt"


def test_every_shipped_rule_id_still_exists_and_none_is_unlisted():
    shipped = {
        line.strip()
        for line in SHIPPED.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    ruleset = load_ruleset()
    current = {r.id for r in (*ruleset.rules, *ruleset.off)} | set(ruleset.redirects)
    assert shipped - current == set(), "a shipped rule id vanished: keep it (status: removed)"
    assert current - shipped == set(), "new rule ids must be added to the shipped list"


def test_every_rule_documents_every_section():
    for rule in load_ruleset().rules:
        doc = render_rule(rule)
        for section in SECTIONS:
            assert f"## {section}" in doc, (rule.id, section)
        for text in (
            rule.title,
            rule.what,
            rule.why,
            rule.fix,
            rule.message,
            rule.example_before,
            rule.example_after,
            rule.principle,
        ):
            assert text.strip(), rule.id


def test_every_check_type_module_is_registered():
    import loveaudit.checks as pkg

    modules = {p.stem for p in Path(pkg.__file__).parent.glob("*.py")}
    helpers = {"__init__", "base", "voice"}
    registered = {cls.__module__.rsplit(".", 1)[-1] for cls in CHECKS.values()}
    assert modules - helpers == registered


def _pack(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "mine.yaml").write_text(textwrap.dedent(body))
    return folder


GOOD_RULE = """\
    family: mine
    principle: Be kind.
    rules:
      - id: mine-shouting
        title: Shouting
        check: phrase_list
        dimension: tone
        what: w
        why: y
        example: {before: "NO", after: "please"}
        message: "Shouting: {text}"
        fix: Say it calmly.
        kinds:
          web: {phrases: [self_praise], zero_density: 2}
"""


def test_a_user_pack_adds_a_rule(tmp_path):
    ruleset = load_ruleset(extra_dirs=[_pack(tmp_path, GOOD_RULE)])
    assert ruleset.rule("mine-shouting") is not None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("zero_density: 2", "zero_density: -1"),
            "mine.yaml:14: mine-shouting: kinds.web.zero_density: Input should be greater than 0",
        ),
        (
            ("phrases: [self_praise]", "phrases: [no_such_list]"),
            "mine-shouting: kinds.web.phrases: unknown lexicon or pattern 'no_such_list'",
        ),
        (
            ("dimension: tone", "dimension: vibes"),
            "mine.yaml:7: mine-shouting: dimension: unknown dimension 'vibes'",
        ),
        (("check: phrase_list", "check: phrase_lister"), "unknown check type 'phrase_lister'"),
        (
            ('"Shouting: {text}"', '"Shouting: {volume}"'),
            "placeholder(s) volume not provided by check `phrase_list`",
        ),
        (("web: {", "webpage: {"), "kinds.webpage: unknown kind 'webpage'"),
        (("        fix: Say it calmly.\n", ""), "mine-shouting: fix: missing"),
        (
            ("zero_density: 2", "zero_density: 2, colour: red"),
            "kinds.web.colour: Extra inputs are not permitted",
        ),
        (
            (
                "        kinds:\n",
                "        purposes:\n          help-page: {not_when: [no_such_cue]}\n"
                "        kinds:\n",
            ),
            "mine-shouting: purposes.help-page.not_when: unknown lexicon or pattern 'no_such_cue'",
        ),
        (
            (
                "zero_density: 2}",
                "zero_density: 2, scores_only_hits: true, clean_is_evidence: true}",
            ),
            "scores_only_hits needs a check that looks for problems",
        ),
    ],
)
def test_broken_pack_errors_name_file_line_rule_and_key(tmp_path, change, expected):
    folder = _pack(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(ConfigError) as info:
        load_ruleset(extra_dirs=[folder])
    assert expected in str(info.value)


def test_owned_markers_without_an_owner_is_a_pack_error(tmp_path):
    # they would count in no sentence, silently
    body = GOOD_RULE.replace("check: phrase_list", "check: sentence_share").replace(
        "web: {phrases: [self_praise], zero_density: 2}",
        "web: {markers: [self_praise], owned_markers: [feature_cues]}",
    ).replace('"Shouting: {text}"', '"Shouting: {count}"')
    with pytest.raises(ConfigError) as info:
        load_ruleset(extra_dirs=[_pack(tmp_path, body)])
    assert "owned_markers needs owner" in str(info.value)


def test_a_rewrite_template_for_a_pattern_the_rule_does_not_use_is_a_pack_error(tmp_path):
    # a misspelt pattern name would silently fall back to the rule's own template
    body = GOOD_RULE.replace("check: phrase_list", "check: pattern_rewrite").replace(
        "web: {phrases: [self_praise], zero_density: 2}",
        "web: {patterns: [conditional_hurdle], rewrite: '{1} will', "
        "rewrites: {conditional_hurdle_hold: '{1} shall'}}",
    )
    with pytest.raises(ConfigError) as info:
        load_ruleset(extra_dirs=[_pack(tmp_path, body)])
    assert "rewrites names patterns this rule does not use: ['conditional_hurdle_hold']" in str(
        info.value
    )


def test_all_problems_in_a_pack_are_reported_at_once(tmp_path):
    body = GOOD_RULE.replace("dimension: tone", "dimension: vibes").replace(
        "zero_density: 2", "zero_density: -1"
    )
    with pytest.raises(ConfigError) as info:
        load_ruleset(extra_dirs=[_pack(tmp_path, body)])
    assert len(info.value.problems) == 2


def test_duplicate_rule_id_is_an_error(tmp_path):
    body = GOOD_RULE.replace("mine-shouting", "focus-ratio")
    with pytest.raises(ConfigError, match="id already used"):
        load_ruleset(extra_dirs=[_pack(tmp_path, body)])


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    folder = _pack(tmp_path, "family: mine\nrules: [\n  - id: x\n")
    with pytest.raises(ConfigError, match=r"mine\.yaml:\d+: not valid YAML"):
        load_ruleset(extra_dirs=[folder])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("family: mine\nprinciple: p\nrules: 5\n", "mine.yaml:3: rules: must be a list"),
        ("lexicons: [1]\n", "bad.yaml:1: lexicons: must be a mapping"),
        (
            "lexicons:\n  odd:\n    phrases: [5, null, true]\n",
            "lexicons.odd.phrases: every phrase must be non-empty text",
        ),
        ("lexicons:\n  odd:\n    phrases: ['']\n", "every phrase must be non-empty text"),
        ('patterns:\n  odd:\n    regex: ""\n', "patterns.odd.regex: can match empty text"),
        ('lexicons:\n  odd:\n    replacements: {no: "nope"}\n', "must map text to text"),
        ('patterns:\n  odd:\n    regex: "\\\\b|x?"\n', "can match empty text"),
        (
            'patterns:\n  odd:\n    regex: "x"\n    anchor: "x"\n    reach: 0\n',
            "patterns.odd.reach: must be a number of characters from 1 to 1000",
        ),
    ],
)
def test_malformed_packs_and_lexicons_are_messages_not_crashes(tmp_path, body, expected):
    folder = tmp_path / "packs"
    if body.startswith("family"):
        folder.mkdir()
        (folder / "mine.yaml").write_text(body)
    else:
        (folder / "lexicons").mkdir(parents=True)
        (folder / "lexicons" / "bad.yaml").write_text(body)
    with pytest.raises(ConfigError) as info:
        load_ruleset(extra_dirs=[folder])
    assert expected in str(info.value)


def test_overrides_change_a_threshold_for_one_kind_only():
    ruleset = load_ruleset(overrides={"focus-ratio": {"web": {"min_customer_share": 0.5}}})
    rule = ruleset.rule("focus-ratio")
    assert rule.params["web"].min_customer_share == 0.5
    assert rule.params["hold"].min_customer_share == 0.666


def test_override_of_unknown_rule_or_bad_value_is_an_error():
    with pytest.raises(ConfigError, match="focus-nonsense: unknown rule id"):
        load_ruleset(overrides={"focus-nonsense": {"severity": "info"}})
    with pytest.raises(ConfigError, match="min_customer_share"):
        load_ruleset(overrides={"focus-ratio": {"min_customer_share": 7}})


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ({"min_customer_share": "abc"}, "rules.focus-ratio.min_customer_share"),
        ({"web": {"min_customer_share": "abc"}}, "rules.focus-ratio.web.min_customer_share"),
    ],
)
def test_a_bad_configured_value_is_blamed_on_the_configuration_once(override, key):
    with pytest.raises(ConfigError) as info:
        load_ruleset(overrides={"focus-ratio": override}, config_name="site.toml")
    (problem,) = info.value.problems  # once, not once per kind the rule runs on
    assert str(problem).startswith(f"site.toml: {key}: ")
    assert "focus.yaml" not in str(problem)


def test_select_and_ignore_filter_rules():
    assert [r.id for r in load_ruleset(select=["focus-ratio"]).rules] == ["focus-ratio"]
    assert "focus-actor" not in {r.id for r in load_ruleset(ignore=["focus-actor"]).rules}


def test_a_rule_off_by_default_runs_only_when_configuration_enables_it(tmp_path):
    default = load_ruleset()
    assert "tone-contractions" not in {r.id for r in default.rules}
    off = default.rule("tone-contractions")
    assert off is not None and not off.enabled and off.off_because  # still documented
    assert "tone-contractions" in {r.id for r in load_ruleset(enable=["tone-contractions"]).rules}
    config = tmp_path / "loveaudit.toml"
    config.write_text('enable = ["tone-contractions"]\n')
    from loveaudit import Auditor, load_config

    auditor = Auditor(load_config(config))
    result = auditor.audit_text("We are sorry. We will call you.", kind="email")
    assert "tone-contractions" in {f.rule for f in result.findings}


def test_an_unknown_rule_in_enable_is_a_configuration_error():
    with pytest.raises(ConfigError, match="unknown rule id 'tone-contraction'"):
        load_ruleset(enable=["tone-contraction"])


def test_no_built_in_rewrite_states_a_wait_a_place_in_line_or_a_callback_it_was_not_given():
    """A rewrite may rearrange the text or swap a phrase; what only the business knows (a
    wait, a queue position, a callback it offers) is a marked [slot], never a made-up fact."""
    invented = re.compile(
        r"\d+|\b(?:one|two|three|four|five|ten|next|second|third)\s+(?:minutes?|hours?|days?"
        r"|in line)\b|call you back|callback",
        re.IGNORECASE,
    )
    ruleset = load_ruleset()
    for name, lexicon in ruleset.lexicons.items():
        for phrase, rewrite in (lexicon.replacements or {}).items():
            said = re.sub(r"\[[^\]]*\]|\([^)]*\)", "", rewrite)  # slots are fine
            for fact in invented.findall(said):
                assert fact.lower() in phrase.lower(), f"{name}: {phrase!r} -> {rewrite!r}"


# what a user cannot open: our seed files and principles page by number
_OUR_FILES = re.compile(r"\bseeds? \d|PRINCIPLES|\.md\b", re.IGNORECASE)


def test_what_a_user_reads_names_the_principle_not_our_files():
    ruleset = load_ruleset()
    cited = []
    for rule in ruleset.rules:
        for name in ("title", "what", "why", "fix", "principle", "message"):
            if _OUR_FILES.search(str(getattr(rule, name))):
                cited.append(f"{rule.id}.{name}")
    for kind in ruleset.kinds.values():
        cited += [f"{kind.name}.{d}" for d, why in kind.reasons.items() if _OUR_FILES.search(why)]
    assert not cited
    # a quotation names its source by author and title
    why = ruleset.rule("focus-history").why
    assert 'Rosemary Rein, "5 Ways to Have a Love Affair with Your Customers!"' in why


def test_a_rule_off_by_default_may_be_suppressed_by_name():
    from loveaudit import Auditor, Config

    config = Config(suppress={"tone-contractions": ("we are",)})
    Auditor(config).audit_text("We are here for you.", kind="email")  # no ConfigError


def test_the_worst_problems_severities_must_be_real_severities(tmp_path):
    from loveaudit.packs import _load_worst

    pack = tmp_path / "dimensions.yaml"
    pack.write_text(
        "worst_problems:\n  rules: [ease-refusal]\n  severities: [warn]\n"
        "  points_per_problem: 6\n  share_at_ceiling: 0.5\n  ceiling_at_share: 50\n"
    )
    problems: list = []
    assert _load_worst(pack, problems) is None
    assert "unknown severities ['warn']" in problems[0].message


def test_sign_offs_come_from_the_pack_and_must_be_a_list_of_phrases(tmp_path):
    from loveaudit.packs import _load_sign_offs

    assert "kind regards" in load_ruleset().sign_offs
    assert "best," in load_ruleset().sign_offs  # bare "Best" is also a heading
    pack = tmp_path / "dimensions.yaml"
    pack.write_text("sentences:\n  sign_offs: Kind regards\n")
    problems: list = []
    assert _load_sign_offs(pack, problems) == ()
    assert "sign_offs is a list of phrases" in problems[0].message


@pytest.mark.parametrize(
    ("share_only", "expected"),
    [
        ("{rules: [tone-cold-phrases], share_at_cieling: 0.7}", "share_only: unknown keys"),
        ("{rules: [ease-refusal]}", "listed as serious and as share_only: ['ease-refusal']"),
        (
            "{rules: [tone-cold-phrases], share_from: 0.8, share_at_ceiling: 0.7}",
            "share_from below",
        ),
        ("[tone-cold-phrases]", "share_only is a mapping with a list of `rules`"),
    ],
)
def test_a_malformed_share_only_is_a_clear_pack_error(tmp_path, share_only, expected):
    from loveaudit.packs import _load_worst

    pack = tmp_path / "dimensions.yaml"
    pack.write_text(
        "worst_problems:\n  rules: [ease-refusal]\n  severities: [warning]\n"
        "  points_per_problem: 6\n  share_at_ceiling: 0.5\n  ceiling_at_share: 50\n"
        f"  share_only: {share_only}\n"
    )
    problems: list = []
    assert _load_worst(pack, problems) is None
    assert expected in problems[0].message
