"""Load the report's five registries into the database, idempotently, without losing edits.

The data files in data/landmarks/ are transcribed from data/report/report.txt, each row citing
the line it comes from (tests check every citation against the text). load_registries() first
checks every file against the others (check_files: unknown districts, batches or entries, malformed
dates, stories and notes naming no entry) and, if anything is wrong, raises one LoadError listing
every problem with its file and row; only then does it write, in one transaction.

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
from publishing.loading import LOADER_ACTOR, LoadError, Tally, new_record_state, problem_list, sync_loaded
from publishing.tsv import TableError, read_tsv
from publishing.workflow import ImportedChanges

DATA_DIR = Path(settings.BASE_DIR) / "data" / "landmarks"
SOURCE_TABLES = {
    Kind.COMMUNITY: "附表 2.1",
    Kind.VILLAGE: "附表 2.2",
    Kind.PARK: "附表 2.3",
    Kind.BUSINESS_DISTRICT: "附表 2.4",
    Kind.NEW_TOWN: "附表 2.5",
}
CITY_LEVEL_MARK = "（市级）"
# The columns each file must have (publishing.tsv refuses a file without one).
COLUMNS = {
    "districts.tsv": ("code", "slug", "name_zh", "name_en", "merged_into", "merged_in"),
    "batches.tsv": ("kind", "ordinal", "as_printed", "announced", "table", "line"),
    "entries.tsv": ("kind", "sequence", "name_zh", "is_demonstration", "districts_as_printed", "batch", "approved", "line"),
    "links.tsv": ("link", "kind", "sequence", "other_kind", "other_sequence", "district", "line", "quote"),
    "slugs.tsv": ("kind", "sequence", "slug"),
}
NOTE_FIELDS = (
    "key", "topic", "kind", "loaded_reading", "loaded_source", "loaded_line", "other_reading", "other_source",
    "other_line", "comment_zh", "comment_en",
)


@dataclass
class LoadSummary:
    districts: Tally = field(default_factory=lambda: Tally("districts"))
    batches: Tally = field(default_factory=lambda: Tally("batches"))
    landmarks: Tally = field(default_factory=lambda: Tally("landmarks"))
    notes: Tally = field(default_factory=lambda: Tally("data notes"))

    def lines(self):
        return [str(self.districts), str(self.batches), str(self.landmarks), str(self.notes)]


@dataclass
class CheckedFiles:
    """Every file of data/landmarks/, read and checked: what the write phase needs, and nothing it
    could still refuse."""

    districts: list
    batches: list
    entries: list
    links: list
    stories: dict
    notes: list
    slugs: dict  # {(kind, sequence): the slug slugs.tsv fixes}


def load_registries(*, data_dir=DATA_DIR, overwrite=False, actor=LOADER_ACTOR):
    """Load districts, batches, the 109 entries with their stories, their links and the data notes.

    overwrite=True puts the report's values back over editors' changes. Every file is checked
    before anything is written: when the files contradict themselves (an unknown district, batch
    or entry, a malformed date) it raises one LoadError listing every problem with its file and
    row, having written nothing.

    A change to a published entry becomes its pending version, made by actor (publishing.loading).
    """
    files = check_files(Path(data_dir))
    summary = LoadSummary()
    changes = ImportedChanges(actor, comment="load_report --overwrite" if overwrite else "load_report")
    with transaction.atomic():
        districts = _load_districts(files.districts, summary.districts, overwrite)
        batches = _load_batches(files.batches, summary.batches, overwrite)
        landmarks = _load_landmarks(files, districts, batches, summary.landmarks, overwrite, changes)
        _load_notes(files.notes, landmarks, batches, summary.notes, overwrite)
        changes.save()
    return summary


def check_files(data_dir):
    """Read every file and check it against the others; raise LoadError listing every problem."""
    problems = []

    def table(name):
        try:
            return read_tsv(data_dir / name, columns=COLUMNS[name])
        except TableError as error:
            problems.append(str(error))
            return []

    districts, batches = table("districts.tsv"), table("batches.tsv")
    entries, links = table("entries.tsv"), table("links.tsv")
    problems += _district_problems(districts)
    problems += _batch_problems(batches)
    problems += _entry_problems(entries, districts, batches)
    problems += _link_problems(links, districts, entries)
    stories, story_problems = _stories_by_entry(data_dir / "stories.json", entries)
    problems += story_problems
    notes, note_problems = _read_notes(data_dir / "notes.json", entries, batches)
    problems += note_problems
    slugs = table("slugs.tsv") if (data_dir / "slugs.tsv").exists() else []
    problems += _slug_problems(slugs)
    if problems:
        raise LoadError(problem_list(problems, source=data_dir))
    pinned = {(row["kind"], int(row["sequence"])): row["slug"] for row in slugs}
    return CheckedFiles(districts, batches, entries, links, stories, notes, pinned)


def _slug_problems(slugs):
    taken, found = set(), []
    for row in slugs:
        if not row["sequence"].isdigit() or naming.slug_for(row["slug"]) != row["slug"]:
            found.append(f"{row.where}: {row['slug']!r} is not a slug, or {row['sequence']!r} not a number")
        elif (row["kind"], row["slug"]) in taken:
            found.append(f"{row.where}: slug {row['slug']!r} is taken in {row['kind']}")
        taken.add((row["kind"], row["slug"]))
    return found


def _is_number(text):
    return text.isdigit()


def _district_problems(rows):
    today = {row["slug"] for row in rows if not row["merged_into"]}
    found = []
    for row in rows:
        where = f"District {row['slug']}"
        if row["merged_into"] and row["merged_into"] not in today:
            found.append(_at(row, f"{where}: unknown merged_into {row['merged_into']!r}"))
        if row["merged_in"] and not _is_number(row["merged_in"]):
            found.append(_at(row, f"{where}: merged_in {row['merged_in']!r} is not a year"))
    return found


def _batch_problems(rows):
    found = []
    for row in rows:
        where = f"batch {row['kind']} {row['ordinal']}"
        if row["kind"] not in SOURCE_TABLES:
            found.append(_at(row, f"{where}: unknown registry {row['kind']!r}"))
        for column in ("ordinal", "line"):
            if not _is_number(row[column]):
                found.append(_at(row, f"{where}: {column} {row[column]!r} is not a whole number"))
        found += _date_problems(row, row["announced"], where=where)
    return found


def _entry_problems(rows, districts, batches):
    names = {row["name_zh"] for row in districts}
    batch_keys = {(row["kind"], row["ordinal"]) for row in batches}
    found = []
    for row in rows:
        if row["kind"] not in SOURCE_TABLES or not _is_number(row["sequence"]):
            found.append(f"{row.where}: unknown registry {row['kind']!r} or sequence {row['sequence']!r}")
            continue
        where = f"{SOURCE_TABLES[row['kind']]} row {row['sequence']}"
        if not _is_number(row["line"]):
            found.append(_at(row, f"{where}: line {row['line']!r} is not a whole number"))
        if row["batch"] and (row["kind"], row["batch"]) not in batch_keys:
            found.append(_at(row, f"{where}: no batch {row['batch']} in batches.tsv"))
        if row["approved"]:
            found += _date_problems(row, row["approved"], where=where)
        found += [_at(row, f"{where}: unknown district {name!r}")
                  for name in _printed_names(row["districts_as_printed"]) if name not in names]
    return found


def _link_problems(links, districts, entries):
    slugs = {row["slug"] for row in districts}
    keys = {(row["kind"], row["sequence"]) for row in entries}
    found = []
    for link in links:
        if link["link"] == "district":
            if link["district"] not in slugs:
                found.append(_at(link, f"links.tsv: unknown district {link['district']!r}"))
            if (link["kind"], link["sequence"]) not in keys:
                found.append(_at(link, f"links.tsv: unknown entry {link['kind']} {link['sequence']}"))
        elif link["link"] == "same_place":
            if {(link["kind"], link["sequence"]), (link["other_kind"], link["other_sequence"])} - keys:
                found.append(_at(link, f"links.tsv: unknown entry in {link.values}"))
        else:
            found.append(_at(link, f"links.tsv: unknown link {link['link']!r}"))
    return found


def _read_notes(path, entries, batches):
    """(notes, problems): notes.json's notes, each naming an entry or batch that exists."""
    try:
        notes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [], [f"cannot read {path}: {error}"]
    keys = {(row["kind"], int(row["sequence"])) for row in entries if _is_number(row["sequence"])}
    batch_keys = {(row["kind"], int(row["ordinal"])) for row in batches if _is_number(row["ordinal"])}
    found = []
    for number, note in enumerate(notes, start=1):
        missing = [name for name in NOTE_FIELDS if name not in note]
        if missing:
            found.append(f"notes.json note {number}: missing {', '.join(missing)}")
            continue
        where = f"notes.json {note['key']}"
        if note.get("sequence") is not None and (note["kind"], note["sequence"]) not in keys:
            found.append(f"{where}: no entry {note['kind']} {note['sequence']}")
        if note.get("batch") is not None and (note["kind"], note["batch"]) not in batch_keys:
            found.append(f"{where}: no batch {note['kind']} {note['batch']}")
    return notes, found


def _stories_by_entry(path, entries):
    """({(kind, sequence): (summary, body, sources)}, problems) from stories.json, each story
    naming a row of entries.tsv.

    body is the story's paragraphs, passage after passage, separated by a blank line.
    """
    try:
        stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return {}, [f"cannot read {path}: {error}"]
    names = {(row["kind"], row["sequence"]): row["name_zh"] for row in entries}
    by_entry, found = {}, []
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
            found.append(f"{path.name} story {number}: missing or malformed {error}")
            continue
        key = (kind, str(sequence))
        if key not in names:
            found.append(f"{where}: no entry {kind} {sequence} in entries.tsv")
        elif names[key] != name_zh:
            found.append(f"{where}: entries.tsv names {kind} {sequence} {names[key]!r}")
        elif (kind, sequence) in by_entry:
            found.append(f"{where}: a second story for this entry")
        elif not body or summary not in body:
            found.append(f"{where}: the summary is not a sentence of the body")
        else:
            by_entry[(kind, sequence)] = (summary, body, sources)
    return by_entry, found


def _load_districts(rows, tally, overwrite):
    existing = {district.slug: district for district in District.objects.all()}
    by_slug = {}
    # Today's districts first: a former one points at the district that absorbed it.
    for row in sorted(rows, key=lambda row: bool(row["merged_into"])):
        merged_into = row["merged_into"]
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
    # So that current() needs no query; merged_into is the row's own (an editor's kept change too).
    by_pk = {district.pk: district for district in by_slug.values()}
    for district in by_slug.values():
        if district.merged_into_id in by_pk:
            district.merged_into = by_pk[district.merged_into_id]
    return by_slug


def _load_batches(rows, tally, overwrite):
    existing = {(batch.kind, batch.ordinal): batch for batch in Batch.objects.all()}
    batches = {}
    for row in rows:
        announced = PartialDate.parse(row["announced"])
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


def _load_landmarks(files, districts, batches, tally, overwrite, changes):
    rows = files.entries
    slugs = _unique_slugs(rows, files.slugs)
    new_state = new_record_state(Landmark)
    # One query for the entries already loaded as editors see them (a pending version copies its
    # entry's source) and their district links, not one per entry.
    existing = {
        (landmark.source_table, landmark.source_row): landmark
        for landmark in Landmark.objects.as_edited().filter(source_table__in=SOURCE_TABLES.values()).prefetch_related(
            Prefetch("district_links", LandmarkDistrict.objects.select_related("district").order_by("pk"))
        )
    }
    extra_districts = _districts_from_links(files.links)
    by_name = {district.name_zh: district for district in districts.values()}
    landmarks = {}
    for row in rows:
        kind, sequence = row["kind"], int(row["sequence"])
        where = f"{SOURCE_TABLES[kind]} row {sequence}"
        batch = batches[(kind, int(row["batch"]))] if row["batch"] else None
        designated = batch.announced if batch else (PartialDate.parse(row["approved"]) if row["approved"] else None)
        name_en = naming.english_name(row["name_zh"])
        story_summary, body, story_sources = files.stories.get((kind, sequence), ("", "", []))
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
        # Links point at today's district; the name as printed (闸北区) is kept beside it.
        district_links = [
            [by_name[name].current().slug, name, where] for name in _printed_names(row["districts_as_printed"])
        ]
        district_links += extra_districts.get((kind, sequence), [])
        landmark = sync_loaded(
            Landmark,
            {"source_table": SOURCE_TABLES[kind], "source_row": sequence},
            values,
            existing=existing.get((SOURCE_TABLES[kind], sequence)),
            tally=tally,
            overwrite=overwrite,
            on_create={"state": new_state},
            relations={"districts": (_get_district_links, _set_district_links, district_links)},
            changes=changes,
        )
        landmarks[(kind, sequence)] = landmark
    _link_same_places(files.links, landmarks)
    return landmarks


def _unique_slugs(rows, pinned=None):
    """The slugs slugs.tsv fixes (addresses do not move when a name is improved); for an entry it
    does not list, one from the English name. A clash within a registry gets the number appended."""
    pinned = pinned or {}
    slugs, taken = {}, {(kind, slug) for (kind, _), slug in pinned.items()}
    for row in rows:
        kind, sequence = row["kind"], int(row["sequence"])
        if (kind, sequence) in pinned:
            slugs[(kind, sequence)] = pinned[(kind, sequence)]
            continue
        slug = naming.slug_for(naming.english_name(row["name_zh"])) or f"{kind}-{sequence}"
        if (kind, slug) in taken:
            slug = f"{slug}-{sequence}"
        taken.add((kind, slug))
        slugs[(kind, sequence)] = slug
    return slugs


def _printed_names(cell):
    """The district names of a 所在区 cell such as 黄浦区 / 徐汇区 (or （市级）…)."""
    return [name.strip() for name in cell.removeprefix(CITY_LEVEL_MARK).split("/") if name.strip()]


def _districts_from_links(links):
    extra = {}
    for link in links:
        if link["link"] != "district":
            continue
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
        one = landmarks[(link["kind"], int(link["sequence"]))]
        other = landmarks[(link["other_kind"], int(link["other_sequence"]))]
        # Linked once; an editor who unlinks them later is not overruled by a re-run.
        if not one.loaded_values.get("same_place_linked"):
            one.same_place.add(other)
            for landmark in (one, other):
                landmark.loaded_values["same_place_linked"] = True
                Landmark.objects.filter(pk=landmark.pk).update(loaded_values=landmark.loaded_values)


def _load_notes(notes, landmarks, batches, tally, overwrite):
    existing = {note.key: note for note in DataNote.objects.all()}
    for note in notes:
        landmark = landmarks[(note["kind"], note["sequence"])] if note.get("sequence") is not None else None
        batch = batches[(note["kind"], note["batch"])] if note.get("batch") is not None else None
        values = {name: note[name] for name in NOTE_FIELDS if name != "key"}
        values.update(landmark_id=landmark.pk if landmark else None, batch_id=batch.pk if batch else None)
        sync_loaded(DataNote, {"key": note["key"]}, values, existing=existing.get(note["key"]), tally=tally, overwrite=overwrite)


def _date_problems(row, text, *, where):
    try:
        PartialDate.parse(text)
    except ValueError as error:
        return [_at(row, f"{where}: {error}")]
    return []


def _at(row, message):
    """The message, then the file and row it is about (the report's own row numbers come first)."""
    return f"{message} ({row.where})"
