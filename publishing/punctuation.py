"""Punctuation by language: Chinese text takes full-width marks (：，（）), English ASCII ones.

One place for it, so that a phrase built in code ("来源：第 4 章，三、…") reads right in Chinese
without each template or function choosing its own marks.
"""

from django.utils.translation import get_language

# "series": between the items of a list of names (黄浦区、徐汇区), where Chinese takes 、.
# "semicolon": between items that hold commas themselves (citations: 第 4 章，…；附录 1，…).
FULL_WIDTH = {"colon": "：", "comma": "，", "series": "、", "semicolon": "；", "open": "（", "close": "）"}
ASCII = {"colon": ": ", "comma": ", ", "series": ", ", "semicolon": "; ", "open": " (", "close": ")"}


def marks(language=None):
    """The marks for language (the active one by default): Chinese for any zh-* code."""
    language = language if language is not None else (get_language() or "")
    return FULL_WIDTH if language.lower().startswith("zh") else ASCII


def joined(parts, language=None):
    """Non-empty parts as a list: "第 1 章，一、总体发展水平" or "chapter 1, p. 5"."""
    return marks(language)["comma"].join(part for part in parts if part)

