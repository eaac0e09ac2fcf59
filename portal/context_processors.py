from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from landmarks.models import REPORT_TITLE


def site(request):
    """What every page shows: the language switch (this same page in each language) and the source."""
    path = request.get_full_path()
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {"language_links": links, "REPORT_TITLE": REPORT_TITLE}
