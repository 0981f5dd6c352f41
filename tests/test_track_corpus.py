"""Small dated corpora for the tracking tests, generated (the texts are written for these tests),
and a check that the generator is sound."""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from pathlib import Path

TINY_BOOK = """\
id: tiny
title: Tiny tracking book
languages: [zh, en]
description: A small book for the tracking tests.
entries:
  - id: changes-unseen-in-a-century
    gloss: profound changes unseen in a century
    forms:
      zh:
        - {text: 百年未有之大变局, status: preferred}
        - {text: 百年变局, status: admitted}
      en:
        - {text: profound changes unseen in a century, status: preferred}
        - {text: major changes unprecedented in a century, status: admitted}
  - id: community-shared-future
    gloss: a community with a shared future for mankind
    forms:
      zh:
        - {text: 人类命运共同体, status: preferred}
      en:
        - {text: community with a shared future for mankind, status: preferred}
        - {text: community of common destiny for mankind, status: admitted}
  - id: belt-and-road
    gloss: the Belt and Road Initiative
    forms:
      zh:
        - {text: 一带一路, status: preferred}
      en:
        - {text: Belt and Road Initiative, status: preferred, since: 2016}
        - {text: One Belt One Road, status: preferred, until: 2015}
"""

ZH_FILLER = (
    "会议听取了关于今年农业生产情况的汇报。",
    "代表们围绕交通运输和城乡建设提出了意见。",
    "北方多地出现降温天气，部分地区有小雪。",
    "有关部门要求做好粮食收购和储备工作。",
    "专家表示，早霜对果园造成了一定影响。",
    "各地加大对农村道路和卫生院的投入。",
    "这次展览展出了近年来的科研成果。",
    "双方就经贸合作和人员往来交换了看法。",
    "今年以来，全省外贸进出口保持增长。",
    "学校开学前完成了校舍安全检查。",
    "铁路部门增开了多趟旅客列车。",
    "市场监管部门开展了食品安全抽检。",
    "沿海地区做好了防御台风的准备。",
    "该项目建成后将带动当地就业。",
    "图书馆延长了周末的开放时间。",
    "志愿者走进社区开展义诊活动。",
)
EN_FILLER = (
    "Officials then turned to the harvest and the state of the railways.",
    "Several speakers asked for more money for rural roads and clinics.",
    "An early frost damaged orchards in the northern provinces.",
    "The exhibition showed the results of recent research projects.",
    "The two sides exchanged views on trade and travel between them.",
    "Exports from the coastal provinces kept growing this year.",
    "Inspectors checked school buildings before the new term began.",
    "The railway added several passenger trains for the holiday.",
    "Food safety checks were carried out in markets across the city.",
    "The library will open for longer hours at the weekend.",
    "Volunteers offered free medical checks in the neighbourhood.",
    "The new plant is expected to create jobs in the county.",
)
ZH_FORMULAS = {
    "changes-unseen-in-a-century": "当今世界正经历百年未有之大变局。",
    "community-shared-future": "各国应携手构建人类命运共同体。",
    "belt-and-road": "双方同意深化一带一路合作。",
}
EN_FORMULAS = {
    "changes-unseen-in-a-century": "The world is undergoing profound changes unseen in a century.",
    "community-shared-future": "They called for a community with a shared future for mankind.",
    "belt-and-road": "Both sides welcomed the Belt and Road Initiative.",
    "one-belt-one-road": "Both sides welcomed the One Belt One Road plan.",
}


def make_document(rng: random.Random, lang: str, date: str, formulas: list[str]) -> str:
    """A dated statement of filler sentences with the given formulas mixed in."""
    filler = ZH_FILLER if lang == "zh" else EN_FILLER
    table = ZH_FORMULAS if lang == "zh" else EN_FORMULAS
    sentences = rng.sample(filler, 4) + [table[f] for f in formulas]
    rng.shuffle(sentences)
    joined = "".join(sentences) if lang == "zh" else " ".join(sentences)
    return f"date {date}\n\n{joined}\n"


def plan_corpus(seed: int = 7) -> list[tuple[str, str, str, list[str]]]:
    """(name, lang, date, formulas) of 24 statements, 2016-2019: the century formula from 2018 on,
    the old Belt and Road rendering in 2016 only."""
    rng = random.Random(seed)
    out = []
    for year in (2016, 2017, 2018, 2019):
        for i in range(6):
            lang = "zh" if i % 2 == 0 else "en"
            date = f"{year}-{(i * 2) + 1:02d}-{10 + i:02d}"
            formulas = []
            if year >= 2018 and i < 4:
                formulas.append("changes-unseen-in-a-century")
            if i in (1, 2, 5):
                formulas.append("community-shared-future")
            if i in (0, 3):
                formulas.append("one-belt-one-road" if lang == "en" and year == 2016 else "belt-and-road")
            if year == 2019 and i == 0:
                formulas.append("community-shared-future")  # twice in one document
                formulas.append("community-shared-future")
            out.append((f"{year}-{i}.{lang}.txt", lang, date, formulas))
    del rng
    return out


def write_corpus(folder: Path, seed: int = 7) -> Counter[tuple[str, str]]:
    """Write the statements of :func:`plan_corpus` to ``folder``; returns (entry, year) -> occurrences."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    expected: Counter[tuple[str, str]] = Counter()
    for name, lang, date, formulas in plan_corpus(seed):
        (folder / name).write_text(make_document(rng, lang, date, formulas), encoding="utf-8")
        for f in formulas:
            entry = "belt-and-road" if f == "one-belt-one-road" else f
            expected[(entry, date[:4])] += 1
    return expected


def write_book(folder: Path, text: str = TINY_BOOK, name: str = "tiny.yaml") -> Path:
    """Write a phrasebook file."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    """Write JSON Lines (gzipped when the name ends in .gz)."""
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def bulk_records(count: int, seed: int = 11) -> list[dict[str, object]]:
    """``count`` dated Chinese and English items, about one in three with a formula."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for n in range(count):
        lang = "zh" if n % 3 else "en"
        year = 2015 + n % 5
        date = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        formulas = [rng.choice(list(ZH_FORMULAS))] if n % 3 == 0 else []
        text = make_document(rng, lang, date, formulas).split("\n", 2)[2]
        out.append({"id": f"item-{n}", "date": date, "source": f"outlet-{n % 4}", "title": f"Item {n}", "text": text})
    return out


def test_filler_holds_no_formula() -> None:
    """The filler sentences must not match any form, or the expected counts would be wrong."""
    from phrasetrack.match import Matcher
    from phrasetrack.phrasebook import parse_book

    matcher = Matcher([parse_book(TINY_BOOK, "tiny.yaml")])
    for sentence in ZH_FILLER + EN_FILLER:
        assert matcher.scan(sentence) == [], sentence
    for table in (ZH_FORMULAS, EN_FORMULAS):
        for name, sentence in table.items():
            found = {m.entry for m in matcher.scan(sentence)}
            assert found == {"belt-and-road" if name == "one-belt-one-road" else name}, sentence
