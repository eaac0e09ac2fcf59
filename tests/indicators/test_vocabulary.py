"""The words the data files may use (indicators/sourcedata.py, Django-free for
scripts/check-indicator-data) and the model's choices are one list: a word added to either
side alone fails here."""

import pytest

from indicators import sourcedata
from indicators.models import Observation


@pytest.mark.parametrize(
    "files, choices",
    [
        (sourcedata.QUALIFIERS, Observation.Qualifier),
        (sourcedata.KINDS, Observation.Kind),
        (sourcedata.DERIVATIONS, Observation.Derivation),
    ],
    ids=["qualifiers", "kinds", "derivations"],
)
def test_the_data_files_words_are_the_models_choices(files, choices):
    assert sorted(set(files) - set(choices.values)) == [], "in sourcedata only: add them to the model"
    assert sorted(set(choices.values) - set(files)) == [], "in the model only: add them to sourcedata"
    assert len(files) == len(set(files))


def test_every_qualifier_says_how_it_bounds_the_figure():
    assert set(sourcedata.QUALIFIER_BOUNDS.values()) <= {">", ">=", "<", "~"}
    assert set(sourcedata.QUALIFIER_BOUNDS) == set(Observation.Qualifier.values)
