"""Timeline plots with matplotlib (Agg backend, imported only here): per entry, the rate per million
characters as a line and the forms found as stacked bars, so that a change of rendering shows."""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from phrasetrack.errors import UsageError
from phrasetrack.track.query import Timeline

PLOT_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_MAX_FORMS = 6
_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")


def check_plot_path(path: Path) -> str:
    """The image format for ``path`` (from its suffix), or a UsageError naming the file."""
    fmt = PLOT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(f"{path}: a plot is written as .png, .svg or .pdf")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise UsageError(f"{path}: folder {folder} does not exist")
    return fmt


def plot_timelines(items: Sequence[Timeline], path: Path) -> None:
    """Write one panel per entry to ``path``; the file appears whole or not at all."""
    fmt = check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk_fonts = [f for f in _CJK_FONTS if f in installed]
    plt.rcParams["font.sans-serif"] = [*cjk_fonts, "DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "none"  # SVG keeps text as text: the viewer's fonts show the Chinese
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _draw(plt, items, path, fmt, cjk=bool(cjk_fonts) or fmt == "svg")


def _label(form: str, lang: str, status: str, rank: int, cjk: bool) -> str:
    """The legend label of a form; without a CJK font, Chinese forms are named by rank and status."""
    if cjk or not _HAN.search(form):
        return form
    return f"{lang} form {rank} ({status})"


def _draw(plt: Any, items: Sequence[Timeline], path: Path, fmt: str, *, cjk: bool) -> None:
    rows = max(1, len(items))
    fig, axes = plt.subplots(rows, 1, figsize=(10, 3.2 * rows), squeeze=False)
    for ax, t in zip(axes[:, 0], items, strict=False):
        labels = [p.period for p in t.periods]
        x = list(range(len(labels)))
        forms = list(dict.fromkeys((f.form, f.lang, f.status) for f in t.forms))[:_MAX_FORMS]
        bottom = [0] * len(labels)
        for rank, (form, lang, status) in enumerate(forms, 1):
            heights = [sum(c.occurrences for c in p.forms if c.form == form and c.status == status) for p in t.periods]
            ax.bar(x, heights, bottom=bottom, label=_label(form, lang, status, rank, cjk), alpha=0.6)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        ax.set_ylabel("occurrences")
        ax.set_title(f"{t.entry} (first seen {t.first_seen or '-'})", fontsize=10)
        rate_ax = ax.twinx()
        rate_ax.plot(x, [p.rate for p in t.periods], color="black", linewidth=1.2, label="per M chars")
        rate_ax.set_ylabel("per M chars")
        step = max(1, len(labels) // 16)
        ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=8)
        if forms:
            ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    folder = path.parent if str(path.parent) else Path()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    Path(tmp).chmod(0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as handle:
            fig.savefig(handle, format=fmt)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        plt.close(fig)
