"""The words the data files may use (indicators/sourcedata.py, Django-free for
scripts/check-indicator-data) and the model's choices are one list: a word added to either
side alone fails here."""

import pytest
from django.db import IntegrityError, transaction

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


@pytest.mark.parametrize(
    "kind, derivation, base_year, fits",
    [
        ("derived", "minus", 2016, True),
        ("reported", "", None, True),
        ("provisional", "", None, True),
        ("derived", "", 2016, False),
        ("derived", "minus", None, False),
        ("reported", "minus", None, False),
        ("reported", "", 2016, False),
    ],
)
def test_the_derivation_rule_is_one_for_files_forms_and_database(db, make_observation, kind, derivation, base_year, fits):
    """sourcedata.derivation_fits is the rule; the database's constraint says the same."""
    assert sourcedata.derivation_fits(kind, derivation, base_year) is fits
    observation = make_observation()
    changed = Observation.objects.filter(pk=observation.pk)
    if fits:
        changed.update(kind=kind, derivation=derivation, base_year=base_year)
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            changed.update(kind=kind, derivation=derivation, base_year=base_year)


def test_the_real_figures_satisfy_the_derivation_constraint(figures):
    derived = Observation.objects.filter(kind="derived")
    assert derived.count() == 63  # the data files' derived rows, each with its derivation and base year
    assert not derived.filter(derivation="").exists()
