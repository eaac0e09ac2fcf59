"""Text helpers for bilingual data: the report is Chinese, the site is Chinese and English."""

from django.utils.translation import get_language


def localized(zh, en):
    """Data text in the active language, falling back to Chinese, the report's language."""
    if (get_language() or "").startswith("en") and en:
        return en
    return zh
