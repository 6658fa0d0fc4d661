"""Shared fixtures: Arabic article texts written for the tests, and helpers that
lay out input folders the way users do (NAME.txt + NAME.meta.json, .jsonl, .json)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsie.registry import REGISTRY

# Short security-news paragraphs in the usual agency style, invented for the tests.
ARTICLE_IRAQ = (
    "نينوى - أعلنت قيادة عمليات نينوى، يوم الأربعاء، مقتل ثلاثة مسلحين من تنظيم داعش "
    "في اشتباك مع قوة من اللواء 16 في الجيش العراقي جنوب قضاء الحضر.\n"
    "وقال مصدر أمني إن القوة ضبطت أسلحة وعبوات ناسفة في مخبأ قرب وادي الثرثار."
)
ARTICLE_SYRIA = (
    "حلب - قصفت القوات الحكومية السورية بالمدفعية الثقيلة، أمس الجمعة، قرى في ريف حلب "
    "الغربي، ما أدى إلى مقتل مدنيَّين اثنين وإصابة أربعة آخرين، بحسب الدفاع المدني."
)
ARTICLE_YEMEN = (
    "تعز - أعلن الجيش الوطني اليمني، في 12 تشرين الأول/أكتوبر 2024، صد هجوم لجماعة الحوثي "
    "على مواقع لوائي المشاة 17 و35 غربي مدينة تعز، ومقتل خمسة من المهاجمين."
)
ARTICLE_LIBYA = (
    "بنغازي - وصلت تعزيزات عسكرية من الكتيبة 106 مجحفلة إلى مدينة سرت، صباح الاثنين، "
    "في إطار خطة لتأمين الطريق الساحلي بعد اشتباكات قرب منطقة الهيشة."
)
ARTICLES = (ARTICLE_IRAQ, ARTICLE_SYRIA, ARTICLE_YEMEN, ARTICLE_LIBYA)

ENGLISH_TEXT = (
    "The ministry of defence said on Sunday that three soldiers were killed in an attack "
    "near the northern border, according to a statement."
)


SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_script(name: str) -> ModuleType:
    """A module of scripts/ (not an installed package), loaded from its file."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def heavy_stages() -> list[str]:
    """Registered stages that load big models; CLI tests switch them off to stay fast."""
    return [name for name in ("ner",) if name in REGISTRY]


def disable_args() -> list[str]:
    args: list[str] = []
    for name in heavy_stages():
        args += ["--disable", name]
    return args


def write_txt(
    folder: Path,
    name: str,
    text: str | bytes,
    meta: dict[str, Any] | str | None = None,
    encoding: str = "utf-8",
) -> Path:
    """NAME.txt (text encoded with `encoding`, or raw bytes) plus NAME.meta.json."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    if meta is not None:
        meta_text = meta if isinstance(meta, str) else json.dumps(meta, ensure_ascii=False)
        (folder / f"{name}.meta.json").write_text(meta_text, encoding="utf-8")
    return path


def write_jsonl(folder: Path, name: str, rows: list[dict[str, Any] | str]) -> Path:
    """NAME.jsonl; a str row is written as is (to make malformed lines)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    """Input folder with four good articles: two .txt (one in a sub-folder), one
    .json and a .jsonl line."""
    root = tmp_path / "in"
    write_txt(root, "iraq", ARTICLE_IRAQ, {"published": "2024-05-08", "title": "نينوى"})
    write_txt(root / "sub", "syria", ARTICLE_SYRIA, {"published": "2024-06-15"})
    (root / "yemen.json").write_text(
        json.dumps(
            {"id": "yemen-1", "text": ARTICLE_YEMEN, "published": "2024-10-13"},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    write_jsonl(root, "wire", [{"id": "libya-1", "text": ARTICLE_LIBYA, "published": None}])
    return root


def assert_offsets(doc: Any) -> None:
    """Every entity's text is the original text at its offsets."""
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text, e
