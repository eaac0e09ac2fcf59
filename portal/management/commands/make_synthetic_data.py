"""Synthetic registries and figures for the benchmark (README "Benchmark"): `make bench` runs it.

Beside the report (loaded first, for its districts, batches and domains) it adds N published
entries across the five registries and every current district, with made-up Chinese names
(pinyin, initials and English by the same rules as an editor's entry), and indicators with M
observations spread over years and places. Everything is written with bulk_create in batches,
and the command prints how long the load took.

Synthetic rows are marked (source_table "synthetic", indicator codes "synthetic-…"). It runs once
per database: a database holding synthetic rows already is refused (deleting them would leave a
tombstone per row in the removed feeds), and so is a database with user accounts (a site people
work on: synthetic rows are public the moment they are written) unless --force.
"""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from indicators.models import Domain, Indicator, Observation
from landmarks import dates, naming
from landmarks.models import Batch, District, Kind, Landmark, LandmarkDistrict, registry_position
from portal.loading import load_report

SYNTHETIC_TABLE = "synthetic"
SYNTHETIC_CODE = "synthetic-"
BATCH_SIZE = 5000
YEARS = range(2000, 2020)

# Words real names are made of: place names, then the registry's own suffix.
PLACES = (
    "陆家嘴 张江 金桥 外高桥 花木 川沙 周浦 惠南 康桥 唐镇 曹路 高桥 高行 洋泾 塘桥 潍坊 "
    "徐家汇 漕河泾 田林 龙华 长桥 虹梅 枫林 湖南 天平 斜土 江宁 曹家渡 石门 南京西路 静安寺 "
    "彭浦 临汾 芷江西 大宁 共和新 宝山 大场 顾村 罗店 月浦 杨行 淞南 吴淞 庙行 友谊 "
    "虹桥 古北 新华 仙霞 华阳 周家桥 北新泾 程家桥 江苏 长风 真如 桃浦 万里 石泉 甘泉 宜川 "
    "七宝 莘庄 梅陇 颛桥 马桥 吴泾 浦江 古美 江川 新虹 华漕 嘉定 南翔 安亭 马陆 徐行 "
    "松江 泗泾 九亭 洞泾 佘山 车墩 新桥 青浦 朱家角 赵巷 徐泾 华新 重固 白鹤 练塘 金泽 "
    "奉贤 南桥 庄行 青村 柘林 海湾 金山 朱泾 枫泾 亭林 张堰 崇明 城桥 堡镇 陈家 长兴 横沙 "
    "临港 滴水湖 世博 前滩 后滩 外滩 豫园 老西门 五里桥 打浦桥 淮海 瑞金 四川北路 提篮桥 "
    "殷行 五角场 新江湾 控江 延吉 长白 平凉 定海 大桥 江浦 四平 鞍山 曲阳 凉城 广中 欧阳"
).split()
QUALIFIERS = "东 西 南 北 中 新 一 二 三 智慧 数字 绿色 科创 人文 滨江 花园 未来 幸福 和谐 文化".split()
SUFFIXES = {
    Kind.COMMUNITY: ["街道", "社区", "镇", "居民区"],
    Kind.VILLAGE: ["村"],
    Kind.PARK: ["园区", "科技园", "产业园", "工业区"],
    Kind.BUSINESS_DISTRICT: ["商圈", "商务区", "商业中心"],
    Kind.NEW_TOWN: ["新城", "新镇"],
}
# Communities are most of a real registry; new towns few.
KIND_WEIGHTS = {Kind.COMMUNITY: 50, Kind.VILLAGE: 15, Kind.PARK: 20, Kind.BUSINESS_DISTRICT: 10, Kind.NEW_TOWN: 5}
INDICATOR_SUBJECTS = (
    "宽带 光纤 移动 公共 无线 数据 电子 政务 医疗 教育 交通 停车 能源 水务 环境 安全 养老 社保 "
    "旅游 文化 金融 物流 制造 零售 信用 应急 气象 食品 家庭 企业"
).split()
INDICATOR_MEASURES = ["覆盖率", "用户数", "普及率", "接入户数", "服务次数", "投资额", "平台数", "使用率"]
UNITS = [("%", "%"), ("万户", "10,000 households"), ("个", "units"), ("亿元", "100 million yuan"), ("万次", "10,000 times")]


class Command(BaseCommand):
    help = (
        "Add synthetic published registries and figures for benchmarks: --entries landmarks and "
        "--observations values, by bulk inserts, printing how long the load took. Once per database; "
        "refuses a database with user accounts unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=1000, help="Landmarks to add (default 1,000).")
        parser.add_argument("--observations", type=int, default=10000, help="Observations to add (default 10,000).")
        parser.add_argument("--seed", type=int, default=2017, help="Random seed: the same seed makes the same rows.")
        parser.add_argument(
            "--force", action="store_true", help="Run even though the database has user accounts (a real site)."
        )

    def handle(self, *args, entries, observations, seed, force, **options):
        if entries < 0 or observations < 0:
            raise CommandError("--entries and --observations must be 0 or more.")
        if not force and get_user_model().objects.exists():
            raise CommandError(
                "This database has user accounts: it looks like a site people work on, and synthetic "
                "entries are public at once. Use a throwaway database, or --force."
            )
        started = time.perf_counter()
        load_report()
        self.stdout.write(f"report loaded in {time.perf_counter() - started:.1f} s")
        generator = random.Random(seed)
        if has_synthetic_rows():
            raise CommandError("This database holds synthetic rows already: make a fresh one.")
        with transaction.atomic():
            started = time.perf_counter()
            made = make_landmarks(entries, generator)
            self.stdout.write(f"{made} entries with their districts in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            indicators, values = make_figures(observations, generator)
            self.stdout.write(
                f"{indicators} indicators, {values} observations in {time.perf_counter() - started:.1f} s"
            )
        self.stdout.write("synthetic data loaded")


def has_synthetic_rows():
    return (
        Landmark.objects.filter(source_table=SYNTHETIC_TABLE).exists()
        or Indicator.objects.filter(code__startswith=SYNTHETIC_CODE).exists()
    )


def batched(items, size=BATCH_SIZE):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def synthetic_names(kind, count, generator):
    """count Chinese names new to a registry: place + optional qualifier + suffix (+ a number)."""
    taken = set(Landmark.objects.filter(kind=kind).values_list("name_zh", flat=True))
    for number in range(count):
        name = generator.choice(PLACES) + generator.choice(["", *QUALIFIERS]) + generator.choice(SUFFIXES[kind])
        if name in taken:
            # Real places repeat across rounds: a number keeps each name unique in its registry.
            name = f"{name}{number}号"
        taken.add(name)
        yield name


def make_landmarks(count, generator):
    districts = list(District.objects.current())
    batches = {}
    for batch in Batch.objects.all():
        batches.setdefault(batch.kind, []).append(batch)
    kinds = generator.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=count)
    per_kind = {kind: kinds.count(kind) for kind in KIND_WEIGHTS}
    now = timezone.now()
    made = 0
    rows_before = 0
    for kind, wanted in per_kind.items():
        start = (Landmark.objects.filter(kind=kind).order_by("-sequence").values_list("sequence", flat=True).first() or 0) + 1
        names = synthetic_names(kind, wanted, generator)
        rows = [
            synthetic_landmark(kind, start + offset, name, batches.get(kind, []), generator, now, row=rows_before + offset + 1)
            for offset, name in enumerate(names)
        ]
        rows_before += wanted
        for batch in batched(rows):
            created = Landmark.objects.bulk_create(batch)
            links = []
            for landmark in created:
                for district in generator.sample(districts, k=1 if generator.random() < 0.9 else 2):
                    links.append(LandmarkDistrict(landmark=landmark, district=district, as_printed=district.name_zh))
            LandmarkDistrict.objects.bulk_create(links)
            made += len(created)
    return made


def synthetic_landmark(kind, sequence, name_zh, batches, generator, now, *, row):
    name_en = naming.english_name(name_zh)
    pinyin, initials = naming.search_keys(name_zh)
    batch = generator.choice(batches) if batches and kind != Kind.COMMUNITY else None
    return Landmark(
        kind=kind,
        registry_position=registry_position(kind),
        sequence=sequence,
        name_zh=name_zh,
        name_en=name_en,
        slug=f"{naming.slug_for(name_en) or kind}-{sequence}",
        pinyin=pinyin,
        initials=initials,
        batch=batch,
        designated_on=batch.announced_on if batch else None,
        designated_precision=batch.announced_precision if batch else "",
        designated_from=dates.period_end(batch.announced_on, batch.announced_precision) if batch else None,
        is_demonstration=generator.random() < 0.1,
        summary=f"{name_zh}是上海市智慧城市建设的{Kind(kind).label}。",
        source_table=SYNTHETIC_TABLE,
        source_row=row,  # unique across the registries, as one_entry_per_source_row asks
        state=Landmark.State.PUBLISHED,
        published_at=now,
    )


def make_figures(count, generator):
    """Indicators with a value for every year and place (the city and each current district)."""
    if count == 0:
        return 0, 0
    places = [None, *District.objects.current()]
    per_indicator = len(YEARS) * len(places)
    indicator_count = max(1, -(-count // per_indicator))
    domains = list(Domain.objects.exclude(parent=None)) or list(Domain.objects.all())
    now = timezone.now()
    indicators = []
    for number in range(indicator_count):
        subject, measure = generator.choice(INDICATOR_SUBJECTS), generator.choice(INDICATOR_MEASURES)
        unit, unit_en = generator.choice(UNITS)
        indicators.append(
            Indicator(
                code=f"{SYNTHETIC_CODE}{number + 1}",
                domain=generator.choice(domains),
                name_zh=f"{subject}{measure}（{number + 1}）",
                name_en=f"{naming.english_name(subject)} {measure} ({number + 1})",
                unit=unit,
                unit_en=unit_en,
                position=10000 + number,
                state=Indicator.State.PUBLISHED,
                published_at=now,
            )
        )
    created = []
    for batch in batched(indicators):
        created.extend(Indicator.objects.bulk_create(batch))

    def values():
        made = 0
        for indicator in created:
            for year in YEARS:
                for place in places:
                    if made == count:
                        return
                    value = round(generator.uniform(1, 1000), 2)
                    where = place.name_zh if place else "全市"
                    yield Observation(
                        indicator=indicator,
                        year=year,
                        district=place,
                        value=value,
                        printed=f"{value}",
                        quote=f"{year}年{where}{indicator.name_zh}达到{value}{indicator.unit}。",
                    )
                    made += 1

    written = 0
    for batch in batched(values()):
        written += len(Observation.objects.bulk_create(batch))
    return len(created), written
