"""Planted-variant benchmark: recall and precision of fuzzy matching on mutated forms.

Every form that allows at least one edit is planted, many times, into real sentences (China's UN
General Debate statements for English, one year of Xinwen Lianbo for Chinese) after one mutation:
a word (English) or character (Chinese) substituted, deleted or inserted, or an English word
inflected. Host sentences in which the shipped books already find something are left out, so every
match is either a planted one or a false positive.

Target (foundation issue): recall >= 0.98, precision >= 0.97.

    .venv/bin/python benchmarks/planted.py [--plants 3000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re

from _corpora import corpora_or_skip, ungdc_texts, xwlb_texts

from phrasetrack.match import CompiledForm, Matcher
from phrasetrack.phrasebook import builtin_book_paths, load_books


def host_sentences(matcher: Matcher, texts: list[str], cjk: bool, limit: int) -> list[str]:
    """Sentences of ``texts`` in which nothing is found."""
    splitter = re.compile(r"(?<=[。！？])" if cjk else r"(?<=[.!?])\s+")
    out = []
    for text in texts:
        for sentence in splitter.split(text):
            sentence = sentence.strip()
            if 20 <= len(sentence) <= 400 and not matcher.scan(sentence):
                out.append(sentence)
                if len(out) >= limit:
                    return out
    return out


def mutate(form: str, cjk: bool, vocab: list[str], rng: random.Random) -> tuple[str, str]:
    """The form with one mutation, and the mutation's name."""
    units = list(form) if cjk else form.split()
    kinds = ["substitute", "delete", "insert"] + ([] if cjk else ["inflect"])
    kind = rng.choice(kinds)
    at = rng.randrange(len(units))
    if kind == "substitute":
        units[at] = rng.choice(vocab)
    elif kind == "delete" and len(units) > 1:
        del units[at]
    elif kind == "insert":
        units.insert(at, rng.choice(vocab))
    elif kind == "inflect":
        word = units[at]
        units[at] = word[:-1] + "ies" if word.endswith("y") else word + ("es" if word.endswith("s") else "s")
    return ("" if cjk else " ").join(units), kind


def run(label: str, matcher: Matcher, texts: list[str], cjk: bool, plants: int, rng: random.Random) -> bool:
    forms = [cf for cf in matcher.forms if cf.cjk == cjk and cf.max_edits >= 1]
    hosts = host_sentences(matcher, texts, cjk, plants)
    vocab = (
        sorted({c for s in hosts for c in s if "\u4e00" <= c <= "\u9fff"})
        if cjk
        else sorted({w for s in hosts for w in re.findall(r"[a-z]{3,}", s)})
    )
    pieces: list[str] = []
    planted: list[tuple[int, int, CompiledForm, str]] = []
    offset = 0
    for i in range(plants):
        cf = forms[i % len(forms)]
        variant, kind = mutate(cf.form.text, cjk, vocab, rng)
        host = hosts[i % len(hosts)]
        if cjk:
            cut = rng.randrange(len(host) + 1)
            before, after = host[:cut], host[cut:]
        else:
            words = host.split(" ")
            cut = rng.randrange(len(words) + 1)
            before = " ".join(words[:cut]) + (" " if cut else "")
            after = (" " if cut < len(words) else "") + " ".join(words[cut:])
        start = offset + len(before)
        planted.append((start, start + len(variant), cf, kind))
        doc = before + variant + after + ("\n" if cjk else "\n\n")
        pieces.append(doc)
        offset += len(doc)
    text = "".join(pieces)
    found = matcher.scan(text)
    hit = [False] * len(planted)
    collided = [False] * len(planted)
    false_pos = 0
    starts = [p[0] for p in planted]
    import bisect

    for m in found:
        i = bisect.bisect_right(starts, m.end) - 1
        ok = False
        for j in (i, i - 1):
            if 0 <= j < len(planted):
                a, b, cf, _ = planted[j]
                if m.start < b and a < m.end:
                    if m.entry == cf.entry.id:
                        hit[j] = ok = True
                    elif m.score == 1.0 and not hit[j]:
                        # the mutation turned the text into another formula of the books, verbatim
                        collided[j] = ok = True
        false_pos += not ok
    counted = [k for k in range(len(planted)) if hit[k] or not collided[k]]
    recall = sum(hit[k] for k in counted) / max(len(counted), 1)
    precision = (len(found) - false_pos) / max(len(found), 1)
    by_kind: dict[str, list[bool]] = {}
    for k in counted:
        by_kind.setdefault(planted[k][3], []).append(hit[k])
    detail = ", ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in sorted(by_kind.items()))
    print(
        f"{label}: {len(planted)} plants of {len(forms)} forms in {len(hosts)} host sentences; "
        f"{len(planted) - len(counted)} mutations produced another formula verbatim (left out); "
        f"recall {recall:.3f} ({detail}); precision {precision:.3f} ({false_pos} false positives "
        f"of {len(found)} matches)"
    )
    missed = [(cf.form.text, text[a:b]) for k, (a, b, cf, _) in enumerate(planted) if k in counted and not hit[k]]
    for form, variant in missed[:5]:
        print(f"  missed: {variant!r} (form {form!r})")
    return recall >= 0.98 and precision >= 0.97


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plants", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpora_or_skip()
    matcher = Matcher(load_books(builtin_book_paths()))
    rng = random.Random(args.seed)
    ok_en = run("English (ungdc)", matcher, ungdc_texts(), False, args.plants, rng)
    ok_zh = run("Chinese (xwlb 2021)", matcher, xwlb_texts(2021), True, args.plants, rng)
    print("targets met" if ok_en and ok_zh else "targets NOT met (recall >= 0.98, precision >= 0.97)")


if __name__ == "__main__":
    main()
