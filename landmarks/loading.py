"""Load the report's five registries into the database, idempotently, without losing edits.

The data files in data/landmarks/ are transcribed from data/report/report.txt, each row citing
the line it comes from (tests check every citation against the text). load_registries() writes them in
one transaction: a bad file changes nothing.

Editors improve what the loader wrote (English names, slugs, districts). Each loaded row keeps,
in loaded_values, what the loader last wrote; on a re-run a field whose value still equals that
snapshot is the loader's to update, and a field that differs was changed by an editor and is
kept, unless overwrite=True. A re-run over an unchanged database writes nothing.

An entry's summary and body (its story) come from stories.json: the report's own text about
the place, verbatim, each passage citing its lines (tests check them against the text). They are
loaded values like the others, so an editor's rewording survives a re-run.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch

from landmarks import naming
from landmarks.dates import PartialDate
from landmarks.models import Batch, DataNote, District, Kind, Landmark, LandmarkDistrict
from publishing.loading import LoadError, Tally, sync_loaded
from publishing.tsv import TableError, read_tsv

DATA_DIR = Path(settings.BASE_DIR) / "data" / "landmarks"
SOURCE_TABLES = {
    Kind.COMMUNITY: "附表 2.1",
    Kind.VILLAGE: "附表 2.2",
    Kind.PARK: "附表 2.3",
    Kind.BUSINESS_DISTRICT: "附表 2.4",
    Kind.NEW_TOWN: "附表 2.5",
}
CITY_LEVEL_MARK = "（市级）"


@dataclass
class LoadSummary:
    districts: Tally = field(default_factory=lambda: Tally("districts"))
    batches: Tally = field(default_factory=lambda: Tally("batches"))
    landmarks: Tally = field(default_factory=lambda: Tally("landmarks"))
    notes: Tally = field(default_factory=lambda: Tally("data notes"))

    def lines(self):
        return [str(self.districts), str(self.batches), str(self.landmarks), str(self.notes)]


def load_registries(*, data_dir=DATA_DIR, overwrite=False):
    """Load districts, batches, the 109 entries with their stories, their links and the data notes.

    overwrite=True puts the report's values back over editors' changes. Raises LoadError, having
    written nothing, when the files contradict themselves (an unknown district, batch or entry).
    """
    data_dir = Path(data_dir)
    summary = LoadSummary()
    with transaction.atomic():
        districts = _load_districts(read_table(data_dir / "districts.tsv"), summary.districts, overwrite)
        batches = _load_batches(read_table(data_dir / "batches.tsv"), summary.batches, overwrite)
        links = read_table(data_dir / "links.tsv")
        entries = read_table(data_dir / "entries.tsv")
        stories = _stories_by_entry(data_dir / "stories.json", entries)
        landmarks = _load_landmarks(entries, links, stories, districts, batches, summary.landmarks, overwrite)
        notes = _read_notes(data_dir / "notes.json")
        _load_notes(notes, landmarks, batches, summary.notes, overwrite)
    return summary


def read_table(path):
    """Rows of a tab-separated file as dicts (publishing.tsv); raises LoadError on a malformed file."""
    try:
        return [row.values for row in read_tsv(path)]
    except TableError as error:
        raise LoadError(str(error)) from None


def _read_notes(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LoadError(f"cannot read {path}: {error}") from None


def _stories_by_entry(path, entries):
    """{(kind, sequence): (summary, body, sources)} from stories.json, each naming a row of entries.tsv.

    body is the story's paragraphs, passage after passage, separated by a blank line.
    """
    try:
        stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LoadError(f"cannot read {path}: {error}") from None
    names = {(row["kind"], row["sequence"]): row["name_zh"] for row in entries}
    by_entry = {}
    for number, story in enumerate(stories, start=1):
        try:
            kind, sequence, name_zh = story["kind"], int(story["sequence"]), story["name_zh"]
            where = f"{path.name} story {number} ({kind} {sequence} {name_zh})"
            body = "\n\n".join(
                paragraph for passage in story["passages"] for paragraph in passage["paragraphs"]
            )
            summary = story["summary"]
            sources = [
                {"first_line": int(passage["first_line"]), "last_line": int(passage["last_line"]), "box": passage["box"]}
                for passage in story["passages"]
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise LoadError(f"{path.name} story {number}: missing or malformed {error}") from None
        key = (kind, str(sequence))
        if key not in names:
            raise LoadError(f"{where}: no entry {kind} {sequence} in entries.tsv")
        if names[key] != name_zh:
            raise LoadError(f"{where}: entries.tsv names {kind} {sequence} {names[key]!r}")
        if (kind, sequence) in by_entry:
            raise LoadError(f"{where}: a second story for this entry")
        if not body or summary not in body:
            raise LoadError(f"{where}: the summary is not a sentence of the body")
        by_entry[(kind, sequence)] = (summary, body, sources)
    return by_entry


def _load_districts(rows, tally, overwrite):
    existing = {district.slug: district for district in District.objects.all()}
    by_slug = {}
    # Today's districts first: a former one points at the district that absorbed it.
    for row in sorted(rows, key=lambda row: bool(row["merged_into"])):
        merged_into = row["merged_into"]
        if merged_into and merged_into not in by_slug:
            raise LoadError(f"District {row['slug']}: unknown merged_into {merged_into!r}")
        values = {
            "code": row["code"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "merged_into_id": by_slug[merged_into].pk if merged_into else None,
            "merged_in": int(row["merged_in"]) if row["merged_in"] else None,
        }
        by_slug[row["slug"]] = sync_loaded(
            District, {"slug": row["slug"]}, values, existing=existing.get(row["slug"]), tally=tally, overwrite=overwrite
        )
    return by_slug


def _load_batches(rows, tally, overwrite):
    existing = {(batch.kind, batch.ordinal): batch for batch in Batch.objects.all()}
    batches = {}
    for row in rows:
        announced = _partial_date(row["announced"], where=f"batch {row['kind']} {row['ordinal']}")
        values = {
            "announced_on": announced.value,
            "announced_precision": announced.precision,
            "as_printed": row["as_printed"],
            "source_table": row["table"],
            "source_line": int(row["line"]),
        }
        key = (row["kind"], int(row["ordinal"]))
        lookup = {"kind": key[0], "ordinal": key[1]}
        batches[key] = sync_loaded(Batch, lookup, values, existing=existing.get(key), tally=tally, overwrite=overwrite)
    return batches


def _load_landmarks(rows, links, stories, districts, batches, tally, overwrite):
    slugs = _unique_slugs(rows)
    # One query for the rows already loaded (and their district links), not one per entry.
    existing = {
        (landmark.source_table, landmark.source_row): landmark
        for landmark in Landmark.objects.filter(source_table__in=SOURCE_TABLES.values()).prefetch_related(
            Prefetch("district_links", LandmarkDistrict.objects.select_related("district").order_by("pk"))
        )
    }
    extra_districts = _districts_from_links(links, districts)
    landmarks = {}
    for row in rows:
        kind, sequence = row["kind"], int(row["sequence"])
        where = f"{SOURCE_TABLES[kind]} row {sequence}"
        batch = batches.get((kind, int(row["batch"]))) if row["batch"] else None
        if row["batch"] and batch is None:
            raise LoadError(f"{where}: no batch {row['batch']} in batches.tsv")
        designated = batch.announced if batch else _optional_date(row["approved"], where=where)
        name_en = naming.english_name(row["name_zh"])
        story_summary, body, story_sources = stories.get((kind, sequence), ("", "", []))
        values = {
            "kind": kind,
            "sequence": sequence,
            "name_zh": row["name_zh"],
            "name_en": name_en,
            "slug": slugs[(kind, sequence)],
            "districts_as_printed": row["districts_as_printed"],
            "is_city_level": row["districts_as_printed"].startswith(CITY_LEVEL_MARK),
            "batch_id": batch.pk if batch else None,
            "designated_on": designated.value if designated else None,
            "designated_precision": designated.precision if designated else "",
            "is_demonstration": row["is_demonstration"] == "yes",
            "source_line": int(row["line"]),
            "summary": story_summary,
            "body": body,
            "story_sources": story_sources,
        }
        district_links = _printed_districts(row["districts_as_printed"], districts, where=where)
        district_links += extra_districts.get((kind, sequence), [])
        landmark = sync_loaded(
            Landmark,
            {"source_table": SOURCE_TABLES[kind], "source_row": sequence},
            values,
            existing=existing.get((SOURCE_TABLES[kind], sequence)),
            tally=tally,
            overwrite=overwrite,
            on_create={"state": Landmark.State.PUBLISHED},
            relations={"districts": (_get_district_links, _set_district_links, district_links)},
        )
        landmarks[(kind, sequence)] = landmark
    _link_same_places(links, landmarks)
    return landmarks


def _unique_slugs(rows):
    """Slugs from the rule-made English names; a clash within a registry gets the number appended."""
    slugs, taken = {}, set()
    for row in rows:
        kind, sequence = row["kind"], int(row["sequence"])
        slug = naming.slug_for(naming.english_name(row["name_zh"])) or f"{kind}-{sequence}"
        if (kind, slug) in taken:
            slug = f"{slug}-{sequence}"
        taken.add((kind, slug))
        slugs[(kind, sequence)] = slug
    return slugs


def _printed_districts(cell, districts, *, where):
    """[(district slug today, name as printed, source)] for a 所在区 cell such as 黄浦区 / 徐汇区."""
    by_name = {district.name_zh: district for district in districts.values()}
    links = []
    names = [name.strip() for name in cell.removeprefix(CITY_LEVEL_MARK).split("/") if name.strip()]
    for name in names:
        if name not in by_name:
            raise LoadError(f"{where}: unknown district {name!r}")
        links.append([by_name[name].current().slug, name, where])
    return links


def _districts_from_links(links, districts):
    extra = {}
    for link in links:
        if link["link"] != "district":
            continue
        if link["district"] not in districts:
            raise LoadError(f"links.tsv: unknown district {link['district']!r}")
        key = (link["kind"], int(link["sequence"]))
        source = f"line {link['line']}: {link['quote']}"
        extra.setdefault(key, []).append([link["district"], "", source])
    return extra


def _get_district_links(landmark):
    # district_links is prefetched in pk order by _load_landmarks.
    return [[link.district.slug, link.as_printed, link.source] for link in landmark.district_links.all()]


def _set_district_links(landmark, links):
    landmark.district_links.all().delete()
    slugs = {slug for slug, _, _ in links}
    by_slug = {district.slug: district for district in District.objects.filter(slug__in=slugs)}
    LandmarkDistrict.objects.bulk_create(
        LandmarkDistrict(landmark=landmark, district=by_slug[slug], as_printed=printed, source=source)
        for slug, printed, source in links
    )


def _link_same_places(links, landmarks):
    for link in links:
        if link["link"] != "same_place":
            continue
        one = landmarks.get((link["kind"], int(link["sequence"])))
        other = landmarks.get((link["other_kind"], int(link["other_sequence"])))
        if one is None or other is None:
            raise LoadError(f"links.tsv: unknown entry in {link}")
        # Linked once; an editor who unlinks them later is not overruled by a re-run.
        if not one.loaded_values.get("same_place_linked"):
            one.same_place.add(other)
            for landmark in (one, other):
                landmark.loaded_values["same_place_linked"] = True
                Landmark.objects.filter(pk=landmark.pk).update(loaded_values=landmark.loaded_values)


def _load_notes(notes, landmarks, batches, tally, overwrite):
    existing = {note.key: note for note in DataNote.objects.all()}
    for note in notes:
        where = f"notes.json {note['key']}"
        landmark = batch = None
        if note.get("sequence") is not None:
            landmark = landmarks.get((note["kind"], note["sequence"]))
            if landmark is None:
                raise LoadError(f"{where}: no entry {note['kind']} {note['sequence']}")
        if note.get("batch") is not None:
            batch = batches.get((note["kind"], note["batch"]))
            if batch is None:
                raise LoadError(f"{where}: no batch {note['kind']} {note['batch']}")
        values = {
            "topic": note["topic"],
            "kind": note["kind"],
            "landmark_id": landmark.pk if landmark else None,
            "batch_id": batch.pk if batch else None,
            "loaded_reading": note["loaded_reading"],
            "loaded_source": note["loaded_source"],
            "loaded_line": note["loaded_line"],
            "other_reading": note["other_reading"],
            "other_source": note["other_source"],
            "other_line": note["other_line"],
            "comment_zh": note["comment_zh"],
            "comment_en": note["comment_en"],
        }
        sync_loaded(DataNote, {"key": note["key"]}, values, existing=existing.get(note["key"]), tally=tally, overwrite=overwrite)


def _partial_date(text, *, where):
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise LoadError(f"{where}: {error}") from None


def _optional_date(text, *, where):
    return _partial_date(text, where=where) if text else None
