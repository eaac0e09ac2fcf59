"""Load the report's figures (data/indicators/) into the database, idempotently, keeping edits.

The same rules as the registries (landmarks/loading.py): one transaction, nothing written when a
file is wrong, and each row remembers what the loader last wrote (loaded_values) so that a re-run
updates only fields no editor has changed, unless overwrite=True.

The files are checked against the report's text first (indicators/sourcedata.py): a quote that
does not occur, a value that is not the printed number, a derived value that does not follow
from its base year, and nothing is loaded.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from indicators.audit import observation_key
from indicators.forms import GeographyField
from indicators.models import (
    ActionPlan,
    Domain,
    Indicator,
    Observation,
    Target,
    TargetMeasure,
    Workstream,
)
from indicators.sourcedata import CITY, DATA_DIR, SourceData
from landmarks.models import District
from publishing.loading import (
    LOADER_ACTOR,
    LoadError,
    Tally,
    new_loaded,
    new_record_state,
    problem_list,
    row_to_write,
    sync_loaded,
)
from publishing.models import FormerAddress
from publishing.workflow import ImportedChanges


@dataclass
class IndicatorLoadSummary:
    domains: Tally = field(default_factory=lambda: Tally("domains"))
    indicators: Tally = field(default_factory=lambda: Tally("indicators"))
    observations: Tally = field(default_factory=lambda: Tally("observations"))
    plans: Tally = field(default_factory=lambda: Tally("action plans"))
    targets: Tally = field(default_factory=lambda: Tally("targets"))
    measures: Tally = field(default_factory=lambda: Tally("target measures"))
    workstreams: Tally = field(default_factory=lambda: Tally("workstreams"))

    def lines(self):
        return [str(tally) for tally in vars(self).values()]

    @property
    def kept(self):
        return sum(tally.kept for tally in vars(self).values())


def load_indicators(*, data_dir=DATA_DIR, overwrite=False, actor=LOADER_ACTOR):
    """Load domains, indicators, observations and the action plan; raise LoadError on a bad file.

    A change to a published indicator or its observations becomes the indicator's pending
    version, made by actor (publishing.loading).
    """
    source = SourceData(Path(data_dir))
    try:
        problems = source.problems()
    except (OSError, KeyError, ValueError) as error:
        raise LoadError(f"cannot read {data_dir}: {error}") from None
    places, place_problems = _places(source)
    problems += place_problems
    if problems:
        raise LoadError(problem_list(problems, source=data_dir))
    summary = IndicatorLoadSummary()
    changes = ImportedChanges(actor, comment="load_report --overwrite" if overwrite else "load_report")
    with transaction.atomic():
        domains = _load_domains(source, summary.domains, overwrite)
        # On the first load every indicator is new: its figures are the report, written at once.
        first_load = not Indicator.objects.exists()
        indicators = _load_indicators(source, domains, summary.indicators, overwrite, changes)
        _load_observations(source, indicators, places, summary.observations, overwrite, changes,
                           first_load=first_load)
        plan = _load_plan(source, summary.plans, overwrite)
        _load_targets(source, plan, indicators, summary, overwrite)
        _load_workstreams(source, plan, summary.workstreams, overwrite)
        changes.save()
        _retire_renamed_codes(source, indicators)
    return summary


def _retire_renamed_codes(source, indicators):
    """Codes merged into another (renamed-codes.tsv): an indicator still loaded under one is
    deleted (its tombstone puts it in the removed feed, if the public saw it), and the old code
    becomes a former address of the indicator that measures the same thing now: its page and
    API detail redirect for good, and ?indicator= accepts it."""
    content_type = ContentType.objects.get_for_model(Indicator)
    for old, new in source.renamed_codes.items():
        Indicator.objects.records().filter(code=old).delete()
        FormerAddress.objects.update_or_create(
            content_type=content_type, address=old, defaults={"object_id": indicators[new].pk}
        )


def _load_domains(source, tally, overwrite):
    existing = {domain.slug: domain for domain in Domain.objects.all()}
    domains = {}
    for position, row in enumerate(source.domains):
        values = {
            "chapter": row["chapter"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "position": position,
            "parent_id": domains[row["parent"]].pk if row["parent"] else None,
        }
        domains[row["slug"]] = sync_loaded(
            Domain, {"slug": row["slug"]}, values, existing=existing.get(row["slug"]), tally=tally, overwrite=overwrite
        )
    return domains


def _load_indicators(source, domains, tally, overwrite, changes):
    new_state = new_record_state(Indicator)
    # As editors see them: a pending version copies its indicator's code.
    existing = {indicator.code: indicator for indicator in Indicator.objects.as_edited()}
    indicators = {}
    # Parents first, so a component can point at its composite in the same pass.
    rows = sorted(source.indicators, key=lambda row: bool(row["parent"]))
    positions = {row["code"]: position for position, row in enumerate(source.indicators)}
    for row in rows:
        values = {
            "domain_id": domains[row["domain"]].pk,
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "unit": row["unit"],
            "unit_en": row["unit_en"],
            "unit_aliases": row["unit_aliases"],
            "definition_zh": row["definition_zh"],
            "definition_en": row["definition_en"],
            "higher_is_better": {"yes": True, "no": False}.get(row["higher_is_better"]),
            "parent_id": indicators[row["parent"]].pk if row["parent"] else None,
            "position": positions[row["code"]],
        }
        indicators[row["code"]] = sync_loaded(
            Indicator,
            {"code": row["code"]},
            values,
            existing=existing.get(row["code"]),
            tally=tally,
            overwrite=overwrite,
            on_create={"state": new_state},
            changes=changes,
        )
    return indicators


def _places(source):
    """Each observation's district (None for the city), read as editors' geographies are; and
    the rows naming no known place (the registries load the districts first)."""
    field = GeographyField(required=False, known={district.slug: district for district in District.objects.with_current()})
    places, problems = [], []
    for row in source.observations:
        try:
            places.append(GeographyField.district(field.clean(row["geography"])))
        except ValidationError as error:
            places.append(None)
            problems.append(f"{row.where}: geography {row['geography']!r}: {' '.join(error.messages)}")
    return places, problems


def _load_observations(source, indicators, places, tally, overwrite, changes, *, first_load):
    # The loaded indicators' figures as editors see them: a live indicator's pending version owns
    # copies of its observations, and a change is written there (_observation_to_write).
    records = [indicator.pk for indicator in indicators.values()]
    owners = {
        indicator.record_id: indicator
        for indicator in Indicator.objects.as_edited().filter(Q(pk__in=records) | Q(draft_of__in=records))
    }
    record_of = {owner.pk: record_pk for record_pk, owner in owners.items()}
    loaded = Observation.objects.filter(indicator__in=list(record_of))
    existing = {(record_of[o.indicator_id], o.year, o.district_id, o.reading): o for o in loaded}
    created = []
    printed_again_at = source.printed_again_at()
    for row, district in zip(source.observations, places, strict=True):
        indicator = indicators[row["indicator"]]
        section = source.section_at(int(row["line"]))
        lookup = {
            "indicator_id": indicator.pk,
            "year": int(row["year"]),
            "district_id": district.pk if district else None,
            "reading": int(row["reading"] or 1),
        }
        values = {
            "value": Decimal(row["value"]),
            "qualifier": row["qualifier"],
            "kind": row["kind"],
            "derivation": row["derivation"],
            "base_year": int(row["base_year"]) if row["base_year"] else None,
            "printed": row["printed"],
            "printed_unit": row["printed_unit"],
            "quote": row["quote"],
            "chapter": section.chapter,
            "section": section.section,
            "page_first": section.page_first,
            "page_last": section.page_last,
            "line": int(row["line"]),
            "note_zh": row["note_zh"],
            "note_en": row["note_en"],
            "printed_again_at": printed_again_at.get(observation_key(row, CITY), []),
        }
        key = tuple(lookup.values())
        if key in existing:
            sync_loaded(Observation, lookup, values, existing=existing[key], tally=tally, overwrite=overwrite,
                        write_to=_observation_to_write(indicator, changes))
        elif first_load:
            created.append(new_loaded(Observation, lookup, values))
        else:
            owner = row_to_write(indicator, changes)
            changes.changed(owner, ["observations"])
            sync_loaded(Observation, {**lookup, "indicator_id": owner.pk}, values, existing=None, tally=tally,
                        overwrite=overwrite)
    # A first load creates hundreds of rows: one INSERT per batch, not per row.
    Observation.objects.bulk_create(created, batch_size=500)
    tally.created += len(created)


def _observation_to_write(indicator, changes):
    """write_to for sync_loaded: an observation of a live indicator changes in its pending
    version's copy (made with the version), any other in place. Either way its indicator (or
    the version) is what the audit log and the history note as changed."""

    def write_to(observation):
        owner = row_to_write(indicator, changes)
        changes.changed(owner, ["observations"])
        if owner.pk == observation.indicator_id:
            return observation
        return owner.observations.get(
            year=observation.year, district_id=observation.district_id, reading=observation.reading
        )

    return write_to


def _load_plan(source, tally, overwrite):
    row = source.action_plans[0]
    values = {
        "name_zh": row["name_zh"],
        "name_en": row["name_en"],
        "start_year": int(row["start_year"]),
        "end_year": int(row["end_year"]),
        "source_zh": row["source_zh"],
        "source_en": row["source_en"],
    }
    existing = ActionPlan.objects.filter(slug=row["slug"]).first()
    return sync_loaded(
        ActionPlan,
        {"slug": row["slug"]},
        values,
        existing=existing,
        tally=tally,
        overwrite=overwrite,
        on_create={"state": ActionPlan.State.PUBLISHED},
    )


def _load_targets(source, plan, indicators, summary, overwrite):
    existing = {target.number: target for target in plan.targets.all()}
    targets = {}
    for row in source.targets:
        number = int(row["number"])
        values = {
            "area_zh": row["area_zh"],
            "area_en": row["area_en"],
            "text_zh": row["text_zh"],
            "text_en": row["text_en"],
            "deadline_year": int(row["deadline_year"]),
            "report_achieved": row["achieved"] == "yes",
            "report_remark": row["remark"],
            "quote": row["quote"],
            "line": int(row["line"]),
        }
        targets[row["number"]] = sync_loaded(
            Target,
            {"plan_id": plan.pk, "number": number},
            values,
            existing=existing.get(number),
            tally=summary.targets,
            overwrite=overwrite,
        )
    measures = {(m.target_id, m.position): m for m in TargetMeasure.objects.filter(target__plan=plan)}
    for row in source.target_measures:
        target = targets[row["target"]]
        position = int(row["position"])
        values = {
            "indicator_id": indicators[row["indicator"]].pk,
            "comparator": row["comparator"],
            "value": Decimal(row["value"]),
            "printed": row["printed"],
            "printed_unit": row["printed_unit"],
        }
        sync_loaded(
            TargetMeasure,
            {"target_id": target.pk, "position": position},
            values,
            existing=measures.get((target.pk, position)),
            tally=summary.measures,
            overwrite=overwrite,
        )


def _load_workstreams(source, plan, tally, overwrite):
    existing = {workstream.position: workstream for workstream in plan.workstreams.all()}
    for row in source.workstreams:
        position = int(row["position"])

        def percent(column, row=row):
            return Decimal(row[column]) if row[column] else None

        values = {
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "projects": int(row["projects"]),
            "projects_completed_percent": percent("projects_completed_percent"),
            "projects_open_percent": percent("projects_open_percent"),
            "tasks": int(row["tasks"]),
            "tasks_completed_percent": percent("tasks_completed_percent"),
            "tasks_open_percent": percent("tasks_open_percent"),
            "quote": row["quote"],
            "line": int(row["line"]),
        }
        sync_loaded(
            Workstream,
            {"plan_id": plan.pk, "position": position},
            values,
            existing=existing.get(position),
            tally=tally,
            overwrite=overwrite,
        )
