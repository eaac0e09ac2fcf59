"""Editors keep the figures in the admin; the form explains every refusal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, Observation
from tests.landmarks.test_admin import _form_data

FIGURE_EDITOR = ("view_indicator", "change_indicator", "add_indicator", "view_observation", "change_observation",
                 "add_observation", "view_domain", "view_target", "view_actionplan")
OBSERVATIONS = "/en/admin/indicators/observation/"


@pytest.fixture
def figure_editor(client, make_staff, figures):
    client.force_login(make_staff(*FIGURE_EDITOR))
    return client


def ngb_2016():
    return Observation.objects.get(
        indicator__code="ngb-households", indicator__draft_of=None, year=2016, district=None, reading=1
    )


def draft_figure(client, observation):
    """The same figure in its indicator's draft version, made by pressing "Edit a draft version"."""
    indicator = observation.indicator
    response = client.post(reverse("admin:indicators_indicator_workflow", args=[indicator.pk]), {"action": "edit"})
    assert response.status_code == 302, response.content
    version = indicator.versions.get()
    return version.observations.get(year=observation.year, district=observation.district, reading=observation.reading)


def _post(client, observation, **changes):
    """Change a figure as a browser would, in its indicator's draft version when that is live."""
    if observation.indicator.is_live:
        observation = draft_figure(client, observation)
    url = reverse("admin:indicators_observation_change", args=[observation.pk])
    data = _form_data(client.get(url))
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(url, data)


def test_staff_without_the_models_permission_is_refused(client, make_staff, figures):
    client.force_login(make_staff("view_landmark"))
    assert client.get(OBSERVATIONS).status_code == 403
    assert client.get("/en/admin/indicators/indicator/").status_code == 403


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"year": "2015", "kind__exact": "derived"}, lambda o: o.year == 2015 and o.kind == "derived"),
        ({"reading": "2"}, lambda o: o.reading == 2),
        ({"q": "ngb-households"}, lambda o: o.indicator.code == "ngb-households"),
        ({"q": "光纤"}, lambda o: "光纤" in o.quote + o.indicator.name_zh + o.note_zh),
    ],
)
def test_editor_filters_and_searches_observations(figure_editor, params, expected):
    response = figure_editor.get(OBSERVATIONS, {**params, "all": ""})
    listed = list(response.context["cl"].result_list)
    assert listed and all(expected(o) for o in listed)


def test_editor_filters_by_domain(figure_editor):
    domain = Indicator.objects.get(code="ngb-households").domain
    response = figure_editor.get(OBSERVATIONS, {"indicator__domain__id__exact": domain.pk, "all": ""})
    assert {o.indicator.domain_id for o in response.context["cl"].result_list} == {domain.pk}


def test_editor_corrects_a_note_and_the_citation_stays(figure_editor):
    observation = ngb_2016()
    citation = observation.citation()
    response = _post(figure_editor, observation, note_en="Checked.")
    live_note = observation.note_en
    observation = observation.indicator.versions.get().observations.get(year=2016, district=None, reading=1)
    assert response.status_code == 302, response.context["adminform"].form.errors
    observation.refresh_from_db()
    assert observation.note_en == "Checked."
    assert observation.citation() == citation and citation["chapter"] == "A1"
    assert ngb_2016().note_en == live_note  # the public's figure waits for the approval


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"value": "seven hundred"}, "value", "Enter a number."),
        ({"value": "745"}, "printed", "not 745"),
        ({"quote": "NGB covers 744 万户"}, "quote", "does not occur in the report"),
        ({"reading": "2", "year": "2016"}, None, None),  # reading 2 is free: saved
    ],
)
def test_editor_is_told_what_is_wrong(figure_editor, changes, field, message):
    response = _post(figure_editor, ngb_2016(), **changes)
    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])


def test_a_second_value_for_the_same_indicator_year_and_place_is_explained(figure_editor):
    url = reverse("admin:indicators_observation_add")
    existing = draft_figure(figure_editor, ngb_2016())
    response = figure_editor.post(url, {
        "indicator": existing.indicator_id, "year": "2016", "reading": "1", "value": "744", "kind": "reported",
        "quote": existing.quote, "printed": "744",
    })
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["reading"]
    assert "already has a value for 2016" in message and "make this reading 2" in message


def test_an_editor_cannot_publish_and_a_new_indicator_is_a_draft(figure_editor):
    response = figure_editor.get(reverse("admin:indicators_indicator_add"))
    assert "state" not in response.context["adminform"].form.fields
    changelist = figure_editor.get("/en/admin/indicators/indicator/")
    action_form = changelist.context["action_form"]  # None: no action is open to this editor
    assert action_form is None or "publish" not in dict(action_form.fields["action"].choices)


def test_a_publisher_withdraws_and_the_figures_go_with_the_indicator(client, make_staff, figures):
    client.force_login(make_staff(*FIGURE_EDITOR, "publish_indicator", username="publisher"))
    indicator = Indicator.objects.get(code="ngb-households")
    changelist = "/en/admin/indicators/indicator/"
    client.post(changelist, {"action": "withdraw_selected", "_selected_action": [indicator.pk]})
    assert Indicator.objects.get(pk=indicator.pk).state == "withdrawn"
    assert not Observation.objects.published().filter(indicator=indicator).exists()


def test_a_live_indicators_figure_is_read_only_and_a_direct_post_changes_nothing(figure_editor):
    observation = ngb_2016()
    url = reverse("admin:indicators_observation_change", args=[observation.pk])
    assert figure_editor.post(url, {"note_en": "Sneaked in."}).status_code == 403
    observation.refresh_from_db()
    assert observation.note_en != "Sneaked in."


def test_a_loaded_indicator_cannot_be_deleted(client, make_staff, figures):
    client.force_login(make_staff(*FIGURE_EDITOR, "delete_indicator"))
    indicator = Indicator.objects.get(code="ngb-households")
    assert client.get(reverse("admin:indicators_indicator_delete", args=[indicator.pk])).status_code == 403


def test_lists_cost_the_same_queries_for_one_row_or_all(figure_editor):
    for url in (OBSERVATIONS, "/en/admin/indicators/indicator/"):
        with CaptureQueriesContext(connection) as one:
            figure_editor.get(url, {"q": "ngb-households"})
        with CaptureQueriesContext(connection) as every:
            figure_editor.get(url, {"all": ""})
        assert len(every) == len(one)
