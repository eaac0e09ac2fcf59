"""The site's chrome in both languages: icons, navigation, the admin's branding, the API docs
page and its schema, the API's rates, and Chinese punctuation in built phrases."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import Resolver404, resolve

from publishing import punctuation

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)


def _navigation(page):
    return dict((label, href) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', NAV.search(page).group()))


def test_favicon_is_linked_and_answers_at_the_root(client):
    page = client.get("/").text
    assert '<link rel="icon" href="/static/portal/mark.svg" type="image/svg+xml">' in page
    assert 'href="/static/portal/favicon.png"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/portal/favicon.png"


@pytest.mark.parametrize(
    "prefix, labels",
    [
        ("", ["智慧新地标", "各区", "指标", "行动计划", "报告原文", "数据", "API", "搜索"]),
        ("/en", ["Smart landmarks", "Districts", "Indicators", "Action plan", "The report", "Data", "API", "Search"]),
    ],
)
def test_navigation_links_every_section_in_the_pages_language(client, prefix, labels):
    links = _navigation(client.get(f"{prefix}/").text)
    assert list(links) == labels
    assert list(links.values()) == [
        f"{prefix}/landmarks/",
        f"{prefix}/districts/",
        f"{prefix}/indicators/",
        f"{prefix}/action-plan/",
        f"{prefix}/report/",
        f"{prefix}/data/",
        f"{prefix}/api-docs/",
        f"{prefix}/search/",
    ]


def test_navigation_marks_the_current_section(client, report):
    assert '<a href="/en/districts/" aria-current="page">Districts</a>' in client.get("/en/districts/").text
    inside = client.get("/landmarks/community/lujiazui-subdistrict/").text
    assert '<a href="/landmarks/" aria-current="true">智慧新地标</a>' in inside
    assert NAV.search(client.get("/").text).group().count("aria-current") == 0


def test_action_plan_link_opens_the_latest_plan(client, figures):
    response = client.get("/en/action-plan/")
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    "path, header, title",
    [
        ("/admin/login/", "上海智慧城市门户：编辑后台", "智慧城市门户后台"),
        ("/en/admin/login/", "Shanghai Smart City Portal: editors", "Smart City Portal admin"),
    ],
)
def test_admin_login_is_branded_in_each_language(client, path, header, title):
    page = client.get(path).text
    assert f'<img src="/static/portal/mark.svg" alt="" width="32" height="32">{header}</a>' in page
    assert f"| {title}</title>" in page
    assert '<link rel="stylesheet" href="/static/portal/admin.css">' in page


def test_admin_index_names_its_sections(client):
    client.force_login(User.objects.create_superuser("keeper", password="a-long-test-password"))
    assert "Registries, figures and publishing" in client.get("/en/admin/").text


@pytest.mark.parametrize(
    "path, language, heading",
    [("/api-docs/", "zh-hans", "API 文档"), ("/en/api-docs/", "en", "API documentation")],
)
def test_api_docs_are_a_page_of_the_site_in_each_language(client, path, language, heading):
    page = client.get(path).text
    assert f"<h1>{heading}</h1>" in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    # Swagger UI reads the schema in the page's language, from the portal's own files.
    assert f'data-schema-url="/api/v1/schema/?lang={language}"' in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page and "style=" not in page  # a strict CSP allows files only


@pytest.mark.parametrize(("home", "task"), [("/", "列出智慧村庄名录"), ("/en/", "List the smart village registry")])
def test_api_call_that_lists_villages_is_two_page_loads_from_home(client, report, home, task):
    docs = _navigation(client.get(home).text)["API"]
    page = client.get(docs).text
    assert task in page
    assert '<a href="/api/v1/landmarks/?kind=village">GET /api/v1/landmarks/?kind=village</a>' in page
    rows = client.get("/api/v1/landmarks/?kind=village").json()["results"]
    assert len(rows) == 14 and {row["kind"] for row in rows} == {"village"}


def test_api_docs_state_the_rates_from_settings(client):
    page = client.get("/en/api-docs/").text
    assert f"up to {settings.API_ANON_RATE_PER_MINUTE} requests a minute" in page
    assert f"{settings.API_KEY_RATE_PER_MINUTE} requests a minute wherever you call from" in page


def test_default_rates_let_a_person_explore_and_give_keys_more():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates["anon"] == "300/min"
    assert int(rates["api_key"].split("/")[0]) > 300


@pytest.fixture
def schema(client):
    return yaml.safe_load(client.get("/api/v1/schema/?lang=en").content)


def test_schema_makes_the_key_optional_on_every_operation(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {} in operation["security"], (path, method)
            assert {"ApiKey": []} in operation["security"], (path, method)


SAMPLE = {"kind": "park", "slug": "zhangjiang", "code": "ftth-household-rate"}


def test_every_schema_path_is_a_real_route(schema):
    for path in schema["paths"]:
        concrete = re.sub(r"\{(\w+)\}", lambda match: SAMPLE[match.group(1)], path)
        try:
            match = resolve(concrete)
        except Resolver404:
            pytest.fail(f"{path} does not resolve")
        assert match.url_name != "" and "path" not in match.kwargs, path  # not the catch-all 404


def test_schema_descriptions_show_paths_as_code_not_html_tags(schema):
    """Swagger UI reads descriptions as Markdown: "<kind>" was an HTML tag and vanished."""
    descriptions = [operation.get("description", "") for ops in schema["paths"].values() for operation in ops.values()]
    assert not any(re.search(r"<\w+>", text) for text in descriptions)
    assert any("`/api/v1/landmarks/{kind}/{slug}/`" in text for text in descriptions)


def test_punctuation_is_full_width_in_chinese_only():
    assert punctuation.joined(["第 4 章", "三、数据", "", "第 5 页"], "zh-hans") == "第 4 章，三、数据，第 5 页"
    assert punctuation.joined(["chapter 4", "p. 5"], "en") == "chapter 4, p. 5"
    assert punctuation.marks("zh-hans")["series"] == "、" and punctuation.marks("en")["colon"] == ": "


def test_citation_reads_with_chinese_punctuation_on_chinese_pages(client, figures):
    chinese = client.get("/indicators/ftth-household-rate/").text
    english = client.get("/en/indicators/ftth-household-rate/").text
    # The citation links to its line in the report reader; the punctuation follows the page's language.
    assert 'class="citation-link">附录 1，一、发展目标完成情况，第 141–148 页，第 7237 行</a>：</span>' in chinese
    assert 'class="citation-link">appendix 1, 一、发展目标完成情况, pp. 141–148, line 7237</a>: </span>' in english
