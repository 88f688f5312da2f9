"""The auditor: rule packs, pipeline and matchers loaded once, documents streamed through.

Library users and the command line both go through `Auditor`. Nothing here prints or
exits; errors stay structured (`ConfigError`, `InputError`) for the caller to present.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from loveaudit import __version__
from loveaudit.checks import CHECKS, Check
from loveaudit.checks.base import CheckParams, CheckResult, Hit, named_lexicons
from loveaudit.compare import Comparison, compare_results
from loveaudit.config import (
    DISCOVER,
    Config,
    ConfigArg,
    discover_config,
    discovery_start,
    find_config,
    resolve_config,
)
from loveaudit.document import Document
from loveaudit.errors import ConfigError, Problem, SourceError
from loveaudit.kinds import KindCues, decide_kind, glob_match
from loveaudit.limits import TimeLimitExceeded, deadline
from loveaudit.model import (
    SEVERITIES,
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
from loveaudit.packs import (
    Rule,
    RuleSet,
    builtin_kinds,
    builtin_purposes,
    did_you_mean,
    load_ruleset,
)
from loveaudit.purposes import PurposeCues, decide_purpose
from loveaudit.scoring import (
    confidence,
    love_score,
    score_outcomes,
    worst_problem_ceiling,
)
from loveaudit.sentiment import SentenceSentiment
from loveaudit.sources import STDIN, expand, read_path, read_stdin, read_string
from loveaudit.suppression import apply as apply_suppressions

# A spaCy memory zone (see Auditor.memory_zone) ends after this many documents or
# characters, whichever comes first. One zone per document measured a fifth slower; zones
# of 256 cost nothing measurable, and the character bound keeps the documents a zone holds
# (and the words it learns) small whatever the files' sizes.
ZONE_DOCUMENTS = 256
ZONE_CHARACTERS = 8_000_000
T = TypeVar("T")
# what Auditor._configure sets (see Auditor.__getattr__)
_CONFIGURED = frozenset(
    {"config", "ruleset", "model", "_checks", "_cues", "_purpose_cues", "_not_run_outcomes"}
)


class Auditor:
    """Audits documents against the rule packs in force; reuse it for many documents."""

    def __init__(
        self,
        config: ConfigArg = DISCOVER,
        *,
        model: str | None = None,
        kind: str | None = None,
        purpose: str | None = None,
    ) -> None:
        """``config``: a `Config`, the path of a configuration file, None for the built-in
        defaults with no file, or (the default) DISCOVER: the configuration the command
        line would use, found at or above the first paths this auditor audits, or the
        working directory when it is first used on a text (see `_settle`)."""
        self.kind = kind
        self.purpose = purpose
        self._model = model
        self._zone_lock = threading.Lock()  # see memory_zone
        self._zone_owner: int | None = None  # the thread inside a zone
        self._settle_lock = threading.Lock()
        self._discovers = config is DISCOVER
        if not self._discovers:
            self._configure(resolve_config(config))
        else:  # what is wrong with the arguments themselves is said now, not at first use
            if kind is not None:
                _check_kind(kind, builtin_kinds())
            if purpose is not None:
                _check_purpose(kind, purpose, builtin_purposes())
            if model:
                Pipeline.check(model)

    def __getattr__(self, name: str) -> object:
        # Reached only for an attribute not set: on an auditor that finds its configuration
        # and was never used on paths, what `_configure` sets comes from the working
        # directory's configuration on first use, as the command line's would for stdin.
        if name in _CONFIGURED and self.__dict__.get("_discovers"):
            self._settle(())
            if name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _settle(self, paths: Sequence[str]) -> None:
        """Take the configuration an auditor made with DISCOVER uses from ``paths`` (the
        first it audits), as the command line does for one run. One auditor holds one
        configuration: paths under another configuration file are an error, not audited
        with settings that are not theirs."""
        if not self._discovers:
            return
        with self._settle_lock:
            if "config" not in self.__dict__:
                self._configure(discover_config(paths))
                return
        if not paths:
            return
        found = find_config(discovery_start(paths))
        if found != self.config.path:
            ours = self.config.path or "no configuration file (the built-in defaults)"
            theirs = found or "no configuration file"
            raise ConfigError(
                [
                    Problem(
                        str(paths[0]),
                        None,
                        f"configured by {theirs}, but this Auditor uses {ours}: make one "
                        "Auditor per configuration, or pass config= to use one for all",
                    )
                ]
            )

    def _configure(self, config: Config) -> None:
        """Load the rule packs the configuration names and check it against them; on a
        problem, nothing of it stays set."""
        try:
            self._load(config)
        except BaseException:
            for name in _CONFIGURED:
                self.__dict__.pop(name, None)
            raise

    def _load(self, config: Config) -> None:
        kind, purpose = self.kind, self.purpose
        self.config = config
        self.ruleset: RuleSet = load_ruleset(
            extra_dirs=self.config.packs,
            overrides=self.config.rules,
            brands=self.config.brands,
            select=self.config.select,
            ignore=self.config.ignore,
            enable=self.config.enable,
            config_name=str(self.config.path) if self.config.path else "configuration",
            config_origins=self.config.origins,
        )
        _check_kind(kind, self.ruleset.kinds)
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
        # precedence: the caller (--model), then LOVEAUDIT_MODEL, then configuration
        model = self._model or os.environ.get(MODEL_ENV) or self.config.model
        Pipeline.check(model)
        self._checks: dict[str, Check] = {
            name: cls(self.ruleset.lexicons, self.ruleset.patterns) for name, cls in CHECKS.items()
        }
        self._cues = KindCues(self.ruleset.kind_cues)
        self._purpose_cues = PurposeCues(self.ruleset.purposes, self.ruleset.purpose_window)
        self._not_run_outcomes: dict[tuple[str, str], RuleOutcome] = {}
        self.model = model  # last: set only once every check above passed

    # The pipeline, its matchers and the sentiment model load on first use, so a run whose
    # results all come from the cache never loads spaCy.
    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline.load(self.model, self.ruleset.sign_offs)

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
            _check_purpose(kind, purpose, {n: p.kind for n, p in purposes.items()})
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
        known = (
            {r.id for r in (*self.ruleset.rules, *self.ruleset.off)}
            | set(self.ruleset.redirects)
            | {"*"}
        )
        problems += [
            Problem(
                source,
                None,
                f'unknown rule id {rule!r}{did_you_mean(rule, known - {"*"})} (or "*")',
                key=f"suppress.{rule}",
            )
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
        path: str | os.PathLike[str] | None = None,
        purpose: str | None = None,
    ) -> DocumentResult:
        """Audit one text held in memory (``path``: the file it stands for, if any, which
        is also where an auditor made with DISCOVER looks for its configuration). Its
        purpose is decided from its content unless given; a purpose given sets its own
        kind, whatever ``kind`` says."""
        if path is not None:
            path = os.fspath(path)
        self._settle([path] if path else [])
        document = read_string(text, fmt, path)
        purpose = purpose or self.purpose  # the auditor's own, as audit_paths uses it
        if purpose:
            if purpose not in self.ruleset.purposes:
                raise ConfigError([Problem("purpose", None, f"unknown purpose {purpose!r}")])
            kind = self.ruleset.purposes[purpose].kind
            document = document.with_purpose(purpose, "given by the caller")
        if kind:
            document = document.with_kind(kind, "given by the caller")
        return next(self.audit([document], keep_text=True))

    def audit_paths(
        self,
        paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
        *,
        keep_text: bool = False,
    ) -> Iterator[DocumentResult | InputError]:
        """Results and per-file errors, in the order the files are found (``paths``: files,
        folders, "-" for stdin; one path alone is taken as one path, not as letters).

        A file that cannot be read or audited (missing, unreadable, not a regular file,
        refused by its reader, or one on which a reader or a check fails unexpectedly) and a
        folder that cannot be listed each yield an `InputError` naming it, and the run goes
        on, as the command line's does: one bad file never costs the results of the others.
        The configuration's `max-file-bytes` and `max-seconds` bound each file's reading;
        analysis runs in batches here, so `max-seconds` bounds it per file only on the
        command line (`runner.audit_file`).
        """
        given = [paths] if isinstance(paths, (str, os.PathLike)) else paths
        paths = [os.fspath(p) for p in given]
        self._settle(paths)

        limits = self.config.limits

        def items() -> Iterator[Document | InputError]:
            for item in expand(paths, skip=self.config.excludes):
                if isinstance(item, SourceError):  # a folder that could not be listed
                    yield InputError(item.path, item.message)
                    continue
                try:  # the configuration's limits, as the command line applies them
                    if item == "-":
                        document = read_stdin(limits.max_file_bytes)
                    else:
                        with deadline(limits.max_seconds):  # over by the time it is yielded
                            document = read_path(Path(item), max_bytes=limits.max_file_bytes)
                except SourceError as exc:
                    yield InputError(exc.path, exc.message)
                    continue
                except TimeLimitExceeded:
                    message = f"took longer than {limits.max_seconds:g} s to read: skipped"
                    yield InputError(str(item), f"{message} (max-seconds)")
                    continue
                except Exception as exc:  # a bug in a reader: it fails this file only
                    yield _not_audited(STDIN if item == "-" else str(item), exc)
                    continue
                yield document

        for zone in zones(items(), _characters):
            documents = [item for item in zone if isinstance(item, Document)]
            try:
                with self.memory_zone():
                    results = iter(list(self._audit_stream(documents, keep_text)))
            except ConfigError:
                raise
            except Exception:  # one document broke the batch: audit each alone
                results = iter([self._audit_alone(d, keep_text) for d in documents])
            for item in zone:
                yield item if isinstance(item, InputError) else next(results)

    def _audit_alone(self, document: Document, keep_text: bool) -> DocumentResult | InputError:
        try:
            with self.memory_zone():
                return next(self._audit_stream([document], keep_text))
        except ConfigError:
            raise
        except Exception as exc:
            return _not_audited(document.path or "<text>", exc)

    def compare(self, before: Document, after: Document) -> Comparison:
        """Audit two versions of one message and say what changed. The after version is
        judged as the same kind as the before version, so the scores compare like for like.
        An auditor made with DISCOVER finds its configuration from the first file's path."""
        self._settle([d.path for d in (before, after) if d.path][:1])
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
        # the results first: `audit_paths` settles an auditor's configuration (DISCOVER),
        # which the report's rules, dimensions and score floor come from
        items = list(items)
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
        clean: set[str] = set()  # problem-finding rules that found nothing
        hints: set[str] = set()  # wording hints that count only where they fire
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
                elif (
                    params.not_when
                    and ann.hits(params.not_when)
                    and not (params.not_when_unless and ann.hits(params.not_when_unless))
                ):
                    result = CheckResult.not_applicable(
                        "not the situation it judges ("
                        + " or ".join(name.replace("_", " ") for name in params.not_when)
                        + ")"
                    )
                else:
                    result = self._checks[rule.check].run(ann, params)
                    if params.scores_only_hits:
                        hints.add(rule.id)
                    if result.applicable and not result.hits and not params.clean_is_evidence:
                        if params.scores_only_hits:
                            result = CheckResult.not_applicable(
                                "found nothing (a hint counts only where it finds something)",
                                result.metrics,
                            )
                        else:
                            clean.add(rule.id)
                made = [
                    (rule, hit.severity or params.severity, _message(rule, hit), hit)
                    for hit in result.hits
                ]
                evidence = 1.0 if result.conclusive else _evidence(params, ann)
                weight = rule.weight
                if (
                    purpose is not None
                    and _owed_in_full(rule, purpose)
                    and self._purpose_kind(purpose) == kind
                ):
                    # what the document's purpose names as owed is judged in full at any
                    # length: a voicemail greeting of one line that never says when has
                    # missed as clearly as a long one; and it weighs more than a rule the
                    # document merely could satisfy, kept or missed alike, so the score
                    # only rises as the document pays it (`owed` in dimensions.yaml)
                    evidence = 1.0
                    weight = rule.weight * self.ruleset.owed_weight
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
            outcomes.append(_outcome(rule, result, evidence, weight))
            for key, metric in result.metrics.items():
                metrics[f"{rule.id}.{key}"] = metric
        outcomes = _without_empty_dimensions(outcomes, clean, hints)
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
        # after suppression: the rewrite a reader sees is the one a shown finding offers
        findings = _one_rewrite_per_words(findings)
        ceiling = self._ceiling(ann, findings)
        mean = love_score(dims, weights, evidence)
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
            score=mean if mean is None or ceiling is None else min(mean, ceiling),
            incomplete=tuple(sorted(set(incomplete))),
            text=document.text if keep_text else None,
            suppressed=tuple(suppressed),
            ceiling=ceiling,
            confidence=confidence(evidence, weights),
        )

    def _ceiling(self, ann: Annotated, findings: list[Finding]) -> float | None:
        """The cap serious findings put on the score, from how many there are and what
        share of the words they hold (suppressed findings were removed before, so a
        suppressed finding does not cap either)."""
        worst = self.ruleset.worst
        if worst is None:
            return None
        loud = [f for f in findings if f.severity in worst.severities]
        serious = [f for f in loud if f.rule in worst.rules]
        formulas = [f for f in loud if f.rule in worst.share_only]
        return worst_problem_ceiling(
            len(serious),
            _word_share(ann, serious, worst.words_per_problem) if serious else 0.0,
            worst,
            _word_share(ann, formulas, worst.words_per_problem) if formulas else 0.0,
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


def _not_audited(path: str, exc: Exception) -> InputError:
    """The error of a file on which loveaudit itself failed: named, with the failure, so
    the run goes on and the bug can be reported."""
    return InputError(path, f"could not be audited ({type(exc).__name__}: {exc})")


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


def _check_purpose(kind: str | None, purpose: str, purposes: Mapping[str, str]) -> None:
    """``purpose`` (given with --purpose) is declared, and of ``kind`` if one is given;
    ``purposes`` maps each purpose to its kind."""
    if purpose not in purposes:
        known = "; known: " + ", ".join(sorted(purposes))
        raise ConfigError([Problem("--purpose", None, f"unknown purpose {purpose!r}{known}")])
    if kind is not None and purposes[purpose] != kind:
        message = f"purpose {purpose!r} is for {purposes[purpose]}, not {kind}"
        raise ConfigError([Problem("--purpose", None, message)])


def _word_share(ann: Annotated, findings: list[Finding], most: int) -> float:
    """The share of the document's words held by the findings: how much of what it says
    is the problem. Words, not sentences: phone copy and notices often run their sentences
    together ("....There are ..."), and a cliché is its phrase, not the line around it. A
    finding counts at most ``most`` words (0: no limit), so a threat matched as a whole
    clause weighs what a stock phrase does, not what its wording's length does."""
    starts = ann.token_starts
    mask = ann.word_mask
    covered = 0
    end_so_far = -1
    for start, end in sorted((f.start, f.end) for f in findings):
        start = max(start, end_so_far)  # overlapping findings count their words once
        if end <= start:
            continue
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        words = int(mask[lo:hi].sum())
        covered += min(words, most) if most else words
        end_so_far = end
    return covered / max(1, ann.words)


def _owed_in_full(rule: Rule, purpose: str) -> bool:
    """The purpose names the rule as owed (`owed_by`), or its own settings for the purpose
    keep it above a hint (a voicemail greeting's missing when is a warning). A purpose that
    only lowers a rule to a hint (a late payment's missing thanks) does not make it owed."""
    if purpose in rule.owed_by:
        return True
    params = rule.purpose_params.get(purpose)
    return params is not None and getattr(params, "severity", None) != "info"


def _without_empty_dimensions(
    outcomes: list[RuleOutcome], clean: set[str], hints: set[str] | frozenset[str] = frozenset()
) -> list[RuleOutcome]:
    """A dimension with no evidence drops out instead of counting as perfect: when every
    rule that applies in it is a problem-finder that found nothing (no demand, no refusal,
    no capitals on a page that asks nothing of the customer), there was nothing in the
    document to judge it by, and 100 there would lift the love score of any short text.
    Within a dimension that has evidence, a clean rule still counts as a pass. A wording
    hint that fired is not such evidence: a stock phrase on a page that asks nothing of the
    customer must not make the page's ease judged, and so perfect."""
    if not clean:
        return outcomes
    judged = {
        o.dimension
        for o in outcomes
        if o.applicable
        and o.score is not None
        and not o.error
        and o.rule not in clean
        and o.rule not in hints
    }
    return [
        replace(
            o,
            applicable=False,
            score=None,
            reason=f"nothing in the document to judge {o.dimension} by",
        )
        if o.rule in clean and o.dimension not in judged
        else o
        for o in outcomes
    ]


def _one_rewrite_per_words(findings: list[Finding]) -> list[Finding]:
    """Two findings never offer different rewrites of the same words: where rewrites
    overlap, the most severe finding (then the longer match, then the rule id) keeps its
    rewrite and the others keep their message and fix without one. A reader cannot apply
    two rewrites to one phrase, and an editor would not offer both."""
    offering = [f for f in findings if f.rewrite]
    if len(offering) < 2:
        return findings
    ranked = sorted(
        offering, key=lambda f: (SEVERITIES.index(f.severity), f.start - f.end, f.rule)
    )
    kept: list[Finding] = []
    dropped: set[int] = set()
    for f in ranked:
        if any(
            f.start < k.end and k.start < f.end and f.rewrite != k.rewrite for k in kept
        ):
            dropped.add(id(f))
        else:
            kept.append(f)
    if not dropped:
        return findings
    return [replace(f, rewrite=None) if id(f) in dropped else f for f in findings]


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


def _check_kind(kind: str | None, kinds: Iterable[str]) -> None:
    if kind is not None and kind not in kinds:
        raise ConfigError(
            [Problem("--kind", None, f"unknown kind {kind!r}; known: " + ", ".join(sorted(kinds)))]
        )


def _outcome(rule: Rule, result: CheckResult, evidence: float, weight: float) -> RuleOutcome:
    if not result.applicable:
        return RuleOutcome(rule.id, rule.dimension, False, reason=result.reason, weight=rule.weight)
    return RuleOutcome(
        rule.id,
        rule.dimension,
        True,
        score=None if result.score is None else round(result.score, 4),
        weight=weight,
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
        # a purpose's own settings may name lexicons its kind's do not
        for params in (*rule.params.values(), *rule.purpose_params.values()):
            for names in named_lexicons(params).values():
                used.update(names)
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
