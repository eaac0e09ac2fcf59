"""English names, slugs and search keys for the registries' Chinese names.

English names are made by rule: glossary terms (街道 → Subdistrict, 镇 → Town, …), numbering
(石门二路 → Shimen No. 2 Road), place words and abbreviations (data/landmarks/place-words.tsv,
abbreviations.tsv) and pinyin for the rest; data/landmarks/english-overrides.tsv names what no rule
gets right. Slugs do not follow a fixed name: data/landmarks/slugs.tsv keeps them. They are a starting point that
editors improve in the admin; the loader never overwrites an edited name (see loading.py).
"""

import re
import unicodedata
from pathlib import Path

from django.utils.text import slugify
from pypinyin import lazy_pinyin, load_phrases_dict

from publishing.tsv import read_tsv

# pypinyin reads these place names with the wrong reading of a polyphone (长 zhang, 行 xing).
load_phrases_dict(
    {
        "长宁": [["cháng"], ["níng"]],
        "长白": [["cháng"], ["bái"]],
        "闵行": [["mǐn"], ["háng"]],
        "庙行": [["miào"], ["háng"]],
    }
)

# Longest terms first at each position. Multi-character terms match anywhere; the generic
# one-character suffixes (镇, 村, …) only where another suffix does not follow them, so that
# 青村镇 is Qingcun Town and not "Qing Village Town".
GLOSSARY = {
    "经济技术开发区": "Economic and Technological Development Zone",
    "高新技术服务业园区": "High-tech Service Industry Park",
    "工业综合开发区": "Comprehensive Industrial Development Zone",
    "国家大学科技园": "National University Science Park",
    "创意产业集聚区": "Creative Industry Cluster",
    "股份有限公司": "Co., Ltd.",
    "旅游度假区": "Tourism Resort",
    "管理委员会": "Administrative Committee",
    "商业商务区": "Commercial and Business District",
    "发展总公司": "Development Corporation",
    "创意产业园": "Creative Industry Park",
    "人民政府": "People's Government",
    "新兴技术": "Emerging Technology",
    "有限公司": "Co., Ltd.",
    "工业园区": "Industrial Park",
    "经济园区": "Economic Park",
    "产业技术": "Industrial Technology",
    "商业中心": "Commercial Centre",
    "科技园区": "Science Park",
    "科技中心": "Technology Centre",
    "多媒体谷": "Multimedia Valley",
    "开发区": "Development Zone",
    "工业区": "Industrial Zone",
    "商务区": "Business District",
    "商务园": "Business Park",
    "科技园": "Science Park",
    "软件园": "Software Park",
    "世博园": "Expo Park",
    "创意园": "Creative Park",
    "创业园": "Startup Park",
    "商贸区": "Trade Zone",
    "上海市": "Shanghai",
    "街道": "Subdistrict",
    "新村": "Xincun",
    "新区": "New Area",
    "新城": "New Town",
    "川沙新镇": "Chuansha New Town",
    "广中路": "Guangzhong Road",
    "园区": "Park",
    "集团": "Group",
    "上海": "Shanghai",
    "中国": "China",
    "国际": "International",
    "世界": "World",
    "大学": "University",
    "软件": "Software",
    "科技": "Science and Technology",
    "广告": "Advertising",
    "基地": "Base",
    "老街": "Old Street",
    "商城": "Mall",
    "中路": "Middle Road",
    "西路": "West Road",
    "第一": "No. 1",
    "第二": "No. 2",
    "虹桥": "Hongqiao",
    "临空": "Linkong",
    # District names that the report runs into a place name (浦东川沙新镇, 嘉定真新街道).
    "黄浦": "Huangpu",
    "徐汇": "Xuhui",
    "长宁": "Changning",
    "静安": "Jing'an",
    "普陀": "Putuo",
    "虹口": "Hongkou",
    "杨浦": "Yangpu",
    "闵行": "Minhang",
    "宝山": "Baoshan",
    "嘉定": "Jiading",
    "浦东": "Pudong",
    "松江": "Songjiang",
    "青浦": "Qingpu",
    "奉贤": "Fengxian",
    "崇明": "Chongming",
}
SUFFIXES = {"镇": "Town", "村": "Village", "路": "Road", "区": "District", "居": "Residents' Committee"}
# A numeral right after a name and before 路 or 居 numbers it (石门二路: Shimen No. 2 Road; 正阳二居:
# Zhengyang No. 2 Residents' Committee). Anywhere else it is part of the name (五里桥, 七宝, 八字村).
NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUMBERED = ("路", "居")
# 园 is a park only at the end of a name: 菊园新区 and 豫园 are names of their own.
FINAL_SUFFIXES = {"园": "Park"}
PUNCTUATION = {"（": "(", "）": ")", "“": '"', "”": '"', "-": "-"}
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "landmarks"


def _read_pairs(name):
    """{name_zh: name_en} of a word list in data/landmarks/ (publishing.tsv's format)."""
    return {row["name_zh"]: row["name_en"] for row in read_tsv(DATA_DIR / name, columns=("name_zh", "name_en"))}


# Whole names no rule gets right (english-overrides.tsv); place words translated as a whole
# (西虹桥 → West Hongqiao) and short forms of institutions (财大), which count as glossary terms.
OVERRIDES = _read_pairs("english-overrides.tsv")
GLOSSARY.update(_read_pairs("place-words.tsv"))
GLOSSARY.update(_read_pairs("abbreviations.tsv"))
_TERMS = sorted(GLOSSARY, key=len, reverse=True)


def _is_han(char):
    return "\u4e00" <= char <= "\u9fff"


def _pinyin_word(han):
    """One capitalised word, with an apostrophe where a syllable starting a/o/e would run on."""
    syllables = lazy_pinyin(han, v_to_u=True)
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word[:1].upper() + word[1:]


def _term_at(name, position):
    for term in _TERMS:
        if name.startswith(term, position):
            return term
    char = name[position]
    following = name[position + 1 : position + 2]
    if char in SUFFIXES and following not in SUFFIXES:
        return char
    if char in FINAL_SUFFIXES and not following:
        return char
    return None


def english_name(name_zh):
    """A readable English name made by rule from the Chinese one."""
    name_zh = name_zh.strip()
    if name_zh in OVERRIDES:
        return OVERRIDES[name_zh]
    words, han_run, position = [], "", 0

    def flush():
        nonlocal han_run
        if han_run:
            words.append(_pinyin_word(han_run))
            han_run = ""

    while position < len(name_zh):
        term = _term_at(name_zh, position)
        char = name_zh[position]
        if term:
            flush()
            words.append(GLOSSARY.get(term) or SUFFIXES.get(term) or FINAL_SUFFIXES[term])
            position += len(term)
            continue
        if han_run and char in NUMERALS and name_zh[position + 1 : position + 2] in NUMBERED:
            flush()
            words.append(f"No. {NUMERALS[char]}")
        elif _is_han(char):
            han_run += char
        else:
            flush()
            if char in PUNCTUATION:
                words.append(PUNCTUATION[char])
            elif char.isalnum():
                # Keep Latin letters and digits as printed: 上海 e 通, “800 秀”.
                if words and words[-1].isalnum() and name_zh[position - 1].isalnum():
                    words[-1] += char
                else:
                    words.append(char)
        position += 1
    flush()
    text = " ".join(words)
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", text))


def slug_for(name_en):
    return slugify(unicodedata.normalize("NFKD", name_en))[:120].strip("-")


def search_keys(name_zh):
    """(full pinyin, initials), lowercase ASCII without spaces: lujiazuijiedao, ljzjd."""
    pinyin, initials = [], []
    for syllable in lazy_pinyin(name_zh, errors=lambda chars: list(chars)):
        folded = fold_for_search(syllable)
        if not folded:
            continue
        pinyin.append(folded)
        initials.append(folded[0])
    return "".join(pinyin), "".join(initials)


def fold_for_search(text):
    """A typed query as the search keys store it: lujiazui, Lu Jia Zui, lü, lv all agree.

    Chinese characters fold to nothing: a Chinese query searches the Chinese name itself.
    """
    text = unicodedata.normalize("NFKD", text.lower()).replace("v", "u")
    return "".join(char for char in text if char.isascii() and char.isalnum())


def matched_span(name_zh, text):
    """Where a search for text matched name_zh, as (start, end) character offsets, or None.

    The search (LandmarkQuerySet.search) matches the Chinese name, its pinyin or its initials;
    this finds the shortest run of characters whose pinyin or initials contain the query, so a
    page can mark 陆家嘴 in 陆家嘴街道 for "lujiazui" or "ljz".
    """
    text = (text or "").strip()
    if not text or not name_zh:
        return None
    position = name_zh.find(text)
    if position >= 0:
        return position, position + len(text)
    folded = fold_for_search(text)
    if not folded:
        return None
    syllables = [fold_for_search(item) for item in lazy_pinyin(name_zh, errors=lambda chars: list(chars))]
    if len(syllables) != len(name_zh):  # not one syllable per character: cannot map back
        return None
    for keys in (syllables, [syllable[:1] for syllable in syllables]):
        best = None
        for start in range(len(keys)):
            joined = ""
            for end in range(start, len(keys)):
                joined += keys[end]
                if folded in joined:
                    if best is None or end + 1 - start < best[1] - best[0]:
                        best = (start, end + 1)
                    break
        if best:
            return best
    return None


def matched_parts(name, text, *, span=None):
    """name split as (before, match, after) around what a search matched; None if nothing did."""
    if span is None:
        position = name.lower().find((text or "").strip().lower()) if (text or "").strip() else -1
        if position < 0:
            return None
        span = (position, position + len((text or "").strip()))
    start, end = span
    return name[:start], name[start:end], name[end:]
