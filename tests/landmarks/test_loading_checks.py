"""The registries loader checks every file before it writes anything, and names every problem."""

import shutil

import pytest

from landmarks.loading import DATA_DIR, LoadError, load_registries
from landmarks.models import Batch, DataNote, District, Landmark, LandmarkDistrict


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/landmarks/ to break; rewrite(name, old, new) changes one file."""
    for path in DATA_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)

    def rewrite(name, old, new):
        path = tmp_path / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return tmp_path, rewrite


def _counts():
    return [model.objects.count() for model in (District, Batch, Landmark, LandmarkDistrict, DataNote)]


def test_bad_rows_in_two_files_are_both_reported_and_nothing_is_written(report, data_copy):
    data_dir, rewrite = data_copy
    rewrite("entries.tsv", "\t青浦区\t\t\t7672", "\t青浦县\t\t\t7672")
    rewrite("batches.tsv", "\t2014-05\t", "\t2014-13\t")
    before = _counts()
    names = dict(Landmark.objects.values_list("pk", "name_en"))
    with pytest.raises(LoadError) as error:
        load_registries(data_dir=data_dir, overwrite=True)
    message = str(error.value)
    assert "附表 2.1 row 37: unknown district '青浦县' (entries.tsv row " in message
    assert "batch park 1: '2014-13' is not a real date (month must be in 1..12) (batches.tsv row " in message
    assert "2 problems in" in message
    assert _counts() == before
    assert dict(Landmark.objects.values_list("pk", "name_en")) == names


def test_a_problem_in_the_last_file_stops_the_load_before_the_first_write(empty_database, data_copy):
    data_dir, rewrite = data_copy
    rewrite("notes.json", '"sequence": 3,', '"sequence": 999,')
    with pytest.raises(LoadError, match=r"notes.json \S+: no entry \w+ 999 \(in "):
        load_registries(data_dir=data_dir)
    assert _counts() == [0, 0, 0, 0, 0]


def test_many_problems_are_counted_and_the_first_ten_shown(empty_database, data_copy):
    data_dir, rewrite = data_copy
    path = data_dir / "entries.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("\t浦东新区\t", "\t浦东县\t"), encoding="utf-8")
    with pytest.raises(LoadError) as error:
        load_registries(data_dir=data_dir)
    message = str(error.value)
    total = int(message.rsplit("(", 1)[1].split(" problems")[0])
    assert total > 10 and f"{total - 10} more not shown" in message
    assert message.count("unknown district '浦东县'") == 10
    assert _counts() == [0, 0, 0, 0, 0]
