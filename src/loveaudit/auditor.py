"""The auditor: rule packs, pipeline and matchers loaded once, documents streamed through.

Library users and the command line both go through `Auditor`. Nothing here prints or
exits; errors stay structured (`ConfigError`, `InputError`) for the caller to present.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from loveaudit import __version__
from loveaudit.checks import CHECKS, Check
from loveaudit.checks.base import CheckParams, CheckResult, Hit
from loveaudit.compare import Comparison, compare_results
from loveaudit.config import Config
from loveaudit.document import Document
from loveaudit.errors import ConfigError, Problem, SourceError
from loveaudit.kinds import KindCues, decide_kind, glob_match
from loveaudit.model import (
    DimensionInfo,
    DocumentResult,
    Finding,
    InputError,
    Metric,
    Report,
    RuleInfo,
    RuleOutcome,
    Suppressed,
)
from loveaudit.nlp import BUILTIN, BUILTIN_NAME, MODEL_ENV, Annotated, Matchers, Pipeline, annotate
from loveaudit.packs import Rule, RuleSet, load_ruleset
from loveaudit.purposes import PurposeCues, decide_purpose
from loveaudit.scoring import love_score, score_outcomes
from loveaudit.sentiment import SentenceSentiment
from loveaudit.sources import expand, read_path, read_stdin, read_string
from loveaudit.suppression import apply as apply_suppressions

# A spaCy memory zone (see Auditor.memory_zone) ends after this many documents or
# characters, whichever comes first. One zone per document measured a fifth slower; zones
# of 256 cost nothing measurable, and the character bound keeps the documents a zone holds
# (and the words it learns) small whatever the files' sizes.
ZONE_DOCUMENTS = 256
ZONE_CHARACTERS = 8_000_000
T = TypeVar("T")


class Auditor:
    """Audits documents against the rule packs in force; reuse it for many documents."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        model: str | None = None,
        kind: str | None = None,
        purpose: str | None = None,
    ) -> None:
        self.config = config or Config()
        self.ruleset: RuleSet = load_ruleset(
            extra_dirs=self.config.packs,
            overrides=self.config.rules,
            brands=self.config.brands,
            select=self.config.select,
            ignore=self.config.ignore,
            config_name=str(self.config.path) if self.config.path else "configuration",
            config_origins=self.config.origins,
        )
        if kind is not None and kind not in self.ruleset.kinds:
            raise ConfigError(
                [
                    Problem(
                        "--kind",
                        None,
                        f"unknown kind {kind!r}; known: " + ", ".join(sorted(self.ruleset.kinds)),
                    )
                ]
            )
        for pattern, glob_kind in self.config.kinds.items():
            if glob_kind not in self.ruleset.kinds:
                raise ConfigError(
                    [
                        Problem(
                            str(self.config.path or "configuration"),
                            None,
                            f"unknown kind {glob_kind!r}",
                            key=f"kinds.{pattern}",
                        )
                    ]
                )
        self._check_purposes(kind, purpose)
        self._check_names()
        self.kind = kind
        self.purpose = purpose
        self._zone_lock = threading.Lock()  # see memory_zone
        self._zone_owner: int | None = None  # the thread inside a zone
        # precedence: the caller (--model), then LOVEAUDIT_MODEL, then configuration
        self.model = model or os.environ.get(MODEL_ENV) or self.config.model
        Pipeline.check(self.model)
        self._checks: dict[str, Check] = {
            name: cls(self.ruleset.lexicons, self.ruleset.patterns) for name, cls in CHECKS.items()
        }
        self._cues = KindCues(self.ruleset.kind_cues)
        self._purpose_cues = PurposeCues(self.ruleset.purposes, self.ruleset.purpose_window)
        self._not_run_outcomes: dict[tuple[str, str], RuleOutcome] = {}

    # The pipeline, its matchers and the sentiment model load on first use, so a run whose
    # results all come from the cache never loads spaCy.
    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline.load(self.model)

    @property
    def pipeline_name(self) -> str:
        """The name reports give the pipeline; the built-in one is named without loading
        it (a process that only collects results, such as a Dask client, never needs it)."""
        if "pipeline" not in self.__dict__ and (self.model or BUILTIN) == BUILTIN:
            return BUILTIN_NAME
        return self.pipeline.name

    @cached_property
    def matchers(self) -> Matchers:
        used = _used_lexicons(self.ruleset.rules)
        return Matchers(
            self.pipeline.nlp,
            [lex for name, lex in self.ruleset.lexicons.items() if name in used],
            [pat for name, pat in self.ruleset.patterns.items() if name in used],
            self.ruleset.placeholders,
        )

    @cached_property
    def sentiment(self) -> SentenceSentiment | None:
        needs = {n for r in self.ruleset.rules for n in CHECKS[r.check].needs}
        return SentenceSentiment(self.pipeline.nlp.vocab) if "sentiment" in needs else None

    def _check_purposes(self, kind: str | None, purpose: str | None) -> None:
        """A purpose given on the command line or in configuration must be declared, and
        one given with --purpose must belong to the kind given with --kind."""
        purposes = self.ruleset.purposes
        known = "; known: " + ", ".join(sorted(purposes))
        problems = []
        if purpose is not None:
            if purpose not in purposes:
                problems.append(Problem("--purpose", None, f"unknown purpose {purpose!r}{known}"))
            elif kind is not None and purposes[purpose].kind != kind:
                message = f"purpose {purpose!r} is for {purposes[purpose].kind}, not {kind}"
                problems.append(Problem("--purpose", None, message))
        source = str(self.config.path or "configuration")
        for pattern, name in self.config.purposes.items():
            if name not in purposes:
                # "file:line" of the glob, else of the table, when the reader found it
                origin = self.config.origins.get(f"purposes.{pattern}") or self.config.origins.get(
                    "purposes", ""
                )
                file, _, line = origin.rpartition(":")
                where = (file, int(line)) if file and line.isdigit() else (source, None)
                message = f"unknown purpose {name!r}{known}"
                problems.append(Problem(*where, message, key=f"purposes.{pattern}"))
        if problems:
            raise ConfigError(problems)

    def _check_names(self) -> None:
        """Dimensions, kinds and rule ids named in the configuration's gates and
        suppressions must exist: a misspelt name would otherwise silently do nothing."""
        source = str(self.config.path or "configuration")
        problems = [
            Problem(source, None, f"unknown dimension {name!r}", key="fail-under-dimension")
            for name in sorted(self.config.fail_under_dimensions)
            if name not in self.ruleset.dimensions or name == "document"
        ]
        problems += [
            Problem(source, None, f"unknown kind {name!r}", key="fail-under-kind")
            for name in sorted(self.config.fail_under_kinds)
            if name not in self.ruleset.kinds
        ]
        known = {r.id for r in self.ruleset.rules} | set(self.ruleset.redirects) | {"*"}
        problems += [
            Problem(source, None, f'unknown rule id {rule!r} (or "*")', key=f"suppress.{rule}")
            for rule in sorted(self.config.suppress)
            if rule not in known
        ]
        if problems:
            raise ConfigError(problems)

    # -- documents -------------------------------------------------------------------
    def prepare(self, document: Document) -> Document:
        """Decide the document's kind and purpose unless it already has them."""
        purposes = self.ruleset.purposes
        if document.kind:
            if document.kind not in self.ruleset.kinds:
                raise ConfigError([Problem("kind", None, f"unknown kind {document.kind!r}")])
        else:
            document = self._decide_kind(document)
        if document.purpose:
            if document.purpose not in purposes:
                problem = Problem("purpose", None, f"unknown purpose {document.purpose!r}")
                raise ConfigError([problem])
            return document
        return decide_purpose(
            document,
            explicit=self.purpose,
            globs=self.config.purposes,
            base=self.config.base,
            purposes=purposes,
            cues=self._purpose_cues,
        )

    def _decide_kind(self, document: Document) -> Document:
        """The kind given (or the kind of the purpose given), else as `decide_kind` says,
        with the kind of a purpose configured for the path after the kind globs."""
        purposes = self.ruleset.purposes
        if self.kind:
            return document.with_kind(self.kind, "given with --kind")
        if self.purpose:
            kind = purposes[self.purpose].kind
            reason = f"given with --purpose ({self.purpose} is a purpose of {kind} documents)"
            return document.with_kind(kind, reason)
        implied = None
        matched = glob_match(document.path, self.config.purposes, self.config.base)
        if matched:
            pattern, purpose = matched
            reason = f"path matches {pattern!r} in configuration (purpose {purpose})"
            implied = (purposes[purpose].kind, reason)
        return decide_kind(
            document,
            explicit=None,
            globs=self.config.kinds,
            base=self.config.base,
            cues=self._cues,
            implied=implied,
        )

    def audit(
        self, documents: Iterable[Document], *, keep_text: bool = False
    ) -> Iterator[DocumentResult]:
        """Results in input order, streamed a zone at a time: no spaCy Doc outlives its
        result, and no word read stays in memory (see `memory_zone`). Each zone's results
        are made before any is handed out, so iterations may be interleaved."""
        for zone in zones(documents, _characters):
            with self.memory_zone():
                results = list(self._audit_stream(zone, keep_text))
            yield from results

    def _audit_stream(
        self, documents: Iterable[Document], keep_text: bool
    ) -> Iterator[DocumentResult]:
        prepared = ((self.prepare(d), None) for d in documents)
        for ann, _ in annotate(self.pipeline, self.matchers, prepared, sentiment=self.sentiment):
            yield self._evaluate(ann, keep_text)

    @contextmanager
    def memory_zone(self) -> Iterator[None]:
        """A block whose new words spaCy forgets at its end.

        spaCy keeps every word it has read in its vocabulary for good (and Pyphen each
        word it hyphenated, see syllables.py), so a long run over real copy, with its
        names, codes and typos, would grow without end. Nothing spaCy makes inside the
        block may be used after it; loveaudit's results hold no spaCy objects. A zone
        opened inside another by the same thread joins it. spaCy's zone covers the whole
        vocabulary, so one thread at a time holds a zone of this auditor: another thread
        waits, instead of reading words the first one's zone is about to free. The
        matchers and the sentiment model are built before the first zone, since their
        words must last. After a zone, the chunks of text more than one of its documents
        read are remembered for good (`Pipeline.keep_recurring`), so common words are not
        split anew in every zone."""
        me = threading.get_ident()
        if self._zone_owner == me:
            yield
            return
        with self._zone_lock:
            nlp = self.pipeline.nlp
            _ = self.matchers, self.sentiment
            self._zone_owner = me
            try:
                with nlp.memory_zone():
                    yield
            finally:
                self._zone_owner = None
                self.pipeline.keep_recurring()

    def audit_text(
        self,
        text: str,
        kind: str | None = "web",
        fmt: str = "text",
        path: str | None = None,
        purpose: str | None = None,
    ) -> DocumentResult:
        """Audit one text held in memory. Its purpose is decided from its content unless
        given; a purpose given sets its own kind, whatever ``kind`` says."""
        document = read_string(text, fmt, path)
        if purpose:
            if purpose not in self.ruleset.purposes:
                raise ConfigError([Problem("purpose", None, f"unknown purpose {purpose!r}")])
            kind = self.ruleset.purposes[purpose].kind
            document = document.with_purpose(purpose, "given by the caller")
        if kind:
            document = document.with_kind(kind, "given by the caller")
        return next(self.audit([document], keep_text=True))

    def audit_paths(
        self, paths: Iterable[str], *, keep_text: bool = False
    ) -> Iterator[DocumentResult | InputError]:
        """Results and per-file errors, in the order the files are found."""
        paths = list(paths)

        def items() -> Iterator[Document | InputError]:
            for item in expand(paths, skip=self.config.excludes):
                try:
                    if item == "-":
                        yield read_stdin()
                    else:
                        yield read_path(Path(item))
                except SourceError as exc:
                    yield InputError(exc.path, exc.message)

        for zone in zones(items(), _characters):
            documents = [item for item in zone if isinstance(item, Document)]
            with self.memory_zone():
                results = iter(list(self._audit_stream(documents, keep_text)))
            for item in zone:
                yield item if isinstance(item, InputError) else next(results)

    def compare(self, before: Document, after: Document) -> Comparison:
        """Audit two versions of one message and say what changed. The after version is
        judged as the same kind as the before version, so the scores compare like for like."""
        first = self.prepare(before)
        second = after if after.kind else after.with_kind(first.kind or "web", first.kind_reason)
        if not second.purpose:
            second = second.with_purpose(first.purpose, first.purpose_reason)
        results = list(self.audit([first, second]))
        return compare_results(results[0], results[1])

    def report(
        self,
        items: Iterable[DocumentResult | InputError],
        fail_under: float | None = None,
        pipeline: str | None = None,
    ) -> Report:
        """Collect streamed results into a report for the renderers (``pipeline``: the
        name of the pipeline the results came from, when they were not all made here)."""
        report = Report(
            version=__version__,
            pipeline=pipeline or self.pipeline_name,
            fail_under=fail_under if fail_under is not None else self.config.fail_under,
            rules={
                r.id: RuleInfo(r.id, r.title, r.dimension, r.principle, r.why, r.fix)
                for r in sorted(self.ruleset.rules, key=lambda r: r.id)
            },
            dimensions={
                name: DimensionInfo(d.label, d.description)
                for name, d in self.ruleset.dimensions.items()
            },
        )
        for item in items:
            if isinstance(item, InputError):
                report.errors.append(item)
            else:
                report.documents.append(item)
        return report

    # -- rules -----------------------------------------------------------------------
    def _evaluate(self, ann: Annotated, keep_text: bool) -> DocumentResult:
        document = ann.document
        kind = document.kind or "web"
        purpose = document.purpose
        placed: list[tuple[Rule, str, str, Hit]] = []  # made findings, before positions
        outcomes: list[RuleOutcome] = []
        metrics: dict[str, Metric] = {}
        incomplete: list[str] = []
        for rule in self.ruleset.rules:
            params = rule.params.get(kind)
            if params is None:
                outcomes.append(self._not_run(rule, kind))
                continue
            if not rule.owed(purpose):
                outcomes.append(self._not_owed(rule, purpose))
                continue
            if purpose in rule.purpose_params and self._purpose_kind(purpose) == kind:
                params = rule.purpose_params[purpose]
            try:
                if params.only_when and not ann.hits(params.only_when):
                    result = CheckResult.not_applicable(
                        "not the situation it judges (no "
                        + " or ".join(name.replace("_", " ") for name in params.only_when)
                        + " cue)"
                    )
                elif params.not_when and ann.hits(params.not_when):
                    result = CheckResult.not_applicable(
                        "not the situation it judges ("
                        + " or ".join(name.replace("_", " ") for name in params.not_when)
                        + ")"
                    )
                else:
                    result = self._checks[rule.check].run(ann, params)
                made = [
                    (rule, hit.severity or params.severity, _message(rule, hit), hit)
                    for hit in result.hits
                ]
                evidence = _evidence(params, ann)
            except Exception as exc:  # one failing rule must not stop the audit
                outcomes.append(
                    RuleOutcome(
                        rule.id,
                        rule.dimension,
                        False,
                        weight=rule.weight,
                        error=f"{type(exc).__name__}: {exc}",
                    )
                )
                incomplete.append(rule.dimension)
                continue
            placed.extend(made)
            outcomes.append(_outcome(rule, result, evidence))
            for key, metric in result.metrics.items():
                metrics[f"{rule.id}.{key}"] = metric
        weights = self.ruleset.kinds[kind].weights
        dims, evidence, impacts = score_outcomes(outcomes, weights)
        if impacts:
            outcomes = [
                _with_impact(o, impacts[o.rule]) if o.rule in impacts else o for o in outcomes
            ]
        findings = _findings(placed, document)
        findings.sort(key=Finding.sort_key)
        suppressed: list[Suppressed] = []
        if document.suppressions or self.config.suppress:
            findings, suppressed = apply_suppressions(
                findings, document.suppressions, self.config.suppress
            )
        return DocumentResult(
            path=document.path,
            kind=kind,
            kind_reason=document.kind_reason,
            purpose=purpose,
            purpose_reason=document.purpose_reason,
            format=document.format,
            words=ann.words,
            findings=tuple(findings),
            outcomes=tuple(outcomes),
            metrics=dict(sorted(metrics.items())),
            dimensions=dims,
            score=love_score(dims, weights, evidence),
            incomplete=tuple(sorted(set(incomplete))),
            text=document.text if keep_text else None,
            suppressed=tuple(suppressed),
        )

    def _purpose_kind(self, purpose: str) -> str | None:
        declared = self.ruleset.purposes.get(purpose)
        return declared.kind if declared else None

    def _not_owed(self, rule: Rule, purpose: str | None) -> RuleOutcome:
        """The outcome of a rule whose absence this purpose does not make a problem (a
        receipt owes no way to pay): it drops out, as a rule of another kind does."""
        key = (rule.id, f"purpose:{purpose}")
        outcome = self._not_run_outcomes.get(key)
        if outcome is None:
            info = self.ruleset.purposes.get(purpose or "")
            label = info.label if info else str(purpose)
            outcome = self._not_run_outcomes[key] = RuleOutcome(
                rule.id,
                rule.dimension,
                False,
                reason=f"not owed by its purpose: {label}",
                weight=rule.weight,
            )
        return outcome

    def _not_run(self, rule: Rule, kind: str) -> RuleOutcome:
        """The outcome of a rule that does not run on this kind: the same for every
        document of the kind, so made once (outcomes are immutable)."""
        key = (rule.id, kind)
        outcome = self._not_run_outcomes.get(key)
        if outcome is None:
            outcome = self._not_run_outcomes[key] = RuleOutcome(
                rule.id, rule.dimension, False, reason=f"does not run on {kind}", weight=rule.weight
            )
        return outcome


def _message(rule: Rule, hit: Hit) -> str:
    """The finding's message; worded while its rule runs, so a message that cannot be
    worded fails that rule alone, as any other error in it does."""
    values = hit.values
    return rule.message.format(**values) if values or "{" in rule.message else rule.message


def _findings(placed: list[tuple[Rule, str, str, Hit]], document: Document) -> list[Finding]:
    """The findings of one document, their lines and columns found in one pass over all
    of them (`Document.positions`) rather than two binary searches per finding."""
    if not placed:
        return []
    lines, columns = document.positions(
        [hit.start for *_, hit in placed] + [hit.end for *_, hit in placed]
    )
    n = len(placed)
    text, locator = document.text, document.locator
    return [
        Finding(
            rule=rule.id,
            dimension=rule.dimension,
            severity=severity,
            message=message,
            start=hit.start,
            end=hit.end,
            line=lines[k],
            column=columns[k],
            end_line=lines[n + k],
            end_column=columns[n + k],
            text=text[hit.start : hit.end],
            suggestion=rule.fix,
            principle=rule.principle,
            rewrite=hit.rewrite,
            location=locator.describe(lines[k], text[hit.start : hit.end]) if locator else None,
        )
        for k, (rule, severity, message, hit) in enumerate(placed)
    ]


def _with_impact(outcome: RuleOutcome, impact: float) -> RuleOutcome:
    """The outcome with its impact set: built directly, since `dataclasses.replace`
    re-reads the class's fields for every call."""
    o = outcome
    return RuleOutcome(
        rule=o.rule,
        dimension=o.dimension,
        applicable=o.applicable,
        score=o.score,
        weight=o.weight,
        reason=o.reason,
        error=o.error,
        evidence=o.evidence,
        impact=impact,
    )


def _outcome(rule: Rule, result: CheckResult, evidence: float) -> RuleOutcome:
    if not result.applicable:
        return RuleOutcome(rule.id, rule.dimension, False, reason=result.reason, weight=rule.weight)
    return RuleOutcome(
        rule.id,
        rule.dimension,
        True,
        score=None if result.score is None else round(result.score, 4),
        weight=rule.weight,
        evidence=evidence,
    )


def _evidence(params: CheckParams, ann: Annotated) -> float:
    """Share of the rule's weight a document earns by its length (see CheckParams)."""
    full = params.full_weight_words
    words = ann.words
    if not full or words >= full or (params.full_weight_when and ann.hits(params.full_weight_when)):
        return 1.0
    return round(max(words, 1) / full, 4)


def _used_lexicons(rules: Iterable[Rule]) -> set[str]:
    used: set[str] = set()
    for rule in rules:
        for params in rule.params.values():
            for name, info in type(params).model_fields.items():
                extra = info.json_schema_extra
                if isinstance(extra, dict) and extra.get("lexicons"):
                    value = getattr(params, name)
                    if isinstance(value, dict):
                        used.update(n for group in value.values() for n in group)
                    else:
                        used.update(value)
    return used


def zones(items: Iterable[T], characters: Callable[[T], int]) -> Iterator[list[T]]:
    """The items in runs of ZONE_DOCUMENTS, a run ending early once its items hold
    ZONE_CHARACTERS characters (as ``characters`` counts them): the memory zones of
    `Auditor.memory_zone`, for documents here and for files in the runner."""
    zone: list[T] = []
    size = 0
    for item in items:
        zone.append(item)
        size += characters(item)
        if len(zone) >= ZONE_DOCUMENTS or size >= ZONE_CHARACTERS:
            yield zone
            zone, size = [], 0
    if zone:
        yield zone


def _characters(item: Document | InputError) -> int:
    return len(item.text) if isinstance(item, Document) else 0
