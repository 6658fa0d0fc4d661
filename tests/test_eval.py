"""`newsie eval`: the matching rules on small invented gold/output pairs, and the
same numbers as the project's reference scorer (../shared/eval/score.py) on dev articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsie.cli import app
from newsie.evaluation import evaluate, format_table
from newsie.evaluation.text import forms_match, norm_tokens
from newsie.runner import PipelineSpec, RunOptions, run_folder

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _entity(text: str, doc_text: str, type_: str, **fields: Any) -> dict[str, Any]:
    start = doc_text.index(text)
    return {
        "type": type_,
        "text": text,
        "start": start,
        "end": start + len(text),
        "stage": "test",
        **fields,
    }


def _event(doc: str, n: int, type_: str, trigger: str, text: str, **fields: Any) -> dict[str, Any]:
    start = text.index(trigger)
    return {
        "event_id": f"{doc}#{n}",
        "doc_id": doc,
        "type": type_,
        "trigger": {"start": start, "end": start + len(trigger), "text": trigger},
        "sentence": {"start": 0, "end": len(text), "text": text},
        **fields,
    }


def _loc(admin1: str | None, country: str = "IQ") -> dict[str, Any]:
    return {"text": "x", "type": "PROVINCE", "admin1": admin1, "country": country}


def _write(out: Path, docs: list[dict[str, Any]], events: list[dict[str, Any]]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("documents.jsonl", docs), ("events.jsonl", events)):
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (out / name).write_text(lines, encoding="utf-8")
    return out


def _gold(folder: Path, *items: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for item in items:
        (folder / f"{item['id']}.json").write_text(json.dumps(item, ensure_ascii=False), "utf-8")
    return folder


# An invented article: a clash in Diyala, an arrest in Anbar.
TEXT = (
    "اندلعت اشتباكات بين والجيش العراقي وتنظيم داعش في ديالى يوم 5 آذار، ما أسفر عن مقتل "
    "ثلاثة. واعتقلت القوات الأمنية خمسة مطلوبين في الأنبار ضمن اللواء 8."
)


def test_forms_match_ignore_spelling_clitics_and_marks() -> None:
    assert norm_tokens("والجيشُ العراقيّ") == ("جيش", "عراقي")
    assert norm_tokens("«الكتيبة ١٠٢»") == ("كتيبه", "102")
    assert forms_match(norm_tokens("تنظيم داعش"), norm_tokens("داعش"))
    assert not forms_match(norm_tokens("داعش الإرهابي"), norm_tokens("تنظيم داعش"))
    assert not forms_match((), norm_tokens("داعش"))


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    doc = {
        "doc_id": "t1",
        "source": "t1.txt",
        "text": TEXT,
        "entities": [
            _entity("والجيش العراقي", TEXT, "UNIT"),
            _entity("تنظيم داعش", TEXT, "ARMED_GROUP"),
            _entity("داعش", TEXT, "ARMED_GROUP"),
            _entity("ديالى", TEXT, "PROVINCE", code="IQ-DI"),
            _entity("الأنبار", TEXT, "PROVINCE", code="IQ-AN"),
            _entity("5 آذار", TEXT, "DATE", value="2024-03-05"),
            _entity("اللواء 8", TEXT, "BRIGADE", number=8),
        ],
    }
    events = [
        _event("t1", 0, "ARREST", "اعتقلت", TEXT, locations=[_loc("IQ-AN")], actors=[]),
        _event(
            "t1",
            1,
            "ARMED_CLASH",
            "اشتباكات",
            TEXT,
            date={"value": "2024-03-05"},
            locations=[_loc("IQ-DI")],
            killed=3,
            actors=[
                {"text": "الجيش العراقي", "type": "UNIT"},
                {"text": "داعش", "type": "ARMED_GROUP"},
                {"text": "داعش", "type": "ARMED_GROUP"},
            ],
        ),
    ]
    out = _write(tmp_path / "out", [doc], events)
    gold = _gold(
        tmp_path / "gold",
        {
            "id": "t1",
            "entities": {
                "UNIT": [{"text": ["الجيش العراقي"]}],
                "ARMED_GROUP": [{"text": ["تنظيم داعش", "داعش"]}, {"text": ["مطلوبين"]}],
                "PROVINCE": [{"text": ["ديالى"], "code": "IQ-DI"}],
                "LOCATION": [{"text": ["الرمادي"], "admin1": "IQ-AN"}],
                "DATE": [{"text": "5 آذار", "value": "2024-03"}],
                "BRIGADE": [{"text": ["اللواء 8"], "number": 8}],
            },
            "events": [
                {
                    "type": "ARMED_CLASH",
                    "admin1": ["IQ-DI"],
                    "date": "2024-03",
                    "killed": 3,
                    "wounded": 2,
                    "actors": ["الجيش العراقي", "داعش", "الحشد"],
                    "trigger": "اشتباكات",
                },
                {"type": "ARREST", "country": "IQ", "admin1": [], "trigger": "اعتقلت"},
                {"type": "ARREST", "admin1": ["IQ-NI"], "trigger": "اعتقال"},
            ],
        },
        {"id": "absent", "entities": {"PERSON": [{"text": ["زيد"]}]}, "events": []},
    )
    return gold, out


def test_entities_precision_counts_output_forms_recall_gold_things(
    small: tuple[Path, Path],
) -> None:
    r = evaluate(*small)
    # Two output forms of one group both match it; the second gold group is missed.
    assert r["ARMED_GROUP"] == {"p": 1.0, "r": 0.5, "f1": 0.6667, "system": 2, "gold": 2}
    assert r["UNIT"]["p"] == r["UNIT"]["r"] == 1.0  # the clitic و and the article ignored
    assert r["FORCES"]["system"] == r["FORCES"]["gold"] == 4  # with the brigade
    assert r["PROVINCE"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "system": 2, "gold": 1}
    # ADMIN1 pools provinces and the divisions of places: IQ-DI and IQ-AN on both sides.
    assert r["ADMIN1"]["p"] == r["ADMIN1"]["r"] == 1.0
    assert r["DATE"]["p"] == 0.0  # a day is not the gold month
    assert r["BRIGADE_NUMBER"]["f1"] == 1.0
    assert r["PERSON"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "system": 0, "gold": 1}
    assert r["documents"] == {"gold": 2, "missing_in_output": 1, "missing": ["absent"]}


def test_events_pair_by_type_and_place_and_compare_date_toll_actors(
    small: tuple[Path, Path],
) -> None:
    r = evaluate(*small)
    # The Anbar arrest matches the gold arrest given only a country; the Nineveh one is missed.
    assert r["EVENT"] == {"p": 1.0, "r": 0.6667, "f1": 0.8, "system": 2, "gold": 3}
    assert r["by_event_type"]["EVENT:ARREST"]["r"] == 0.5
    assert r["EVENT_DATE_ACCURACY"] == {"acc": 0.0, "n": 1}
    assert r["EVENT_DATE_COMPATIBLE"] == {"acc": 1.0, "n": 1}  # 2024-03-05 lies in 2024-03
    assert r["EVENT_KILLED_ACCURACY"] == {"acc": 1.0, "n": 1}
    assert r["EVENT_WOUNDED_ACCURACY"] == {"acc": 0.0, "n": 1}
    # The repeated actor counts once; the gold's third party is not found.
    assert r["EVENT_ACTOR"] == {"p": 1.0, "r": 0.6667, "f1": 0.8, "system": 2, "gold": 3}
    table = format_table(r)
    assert "EVENT (type+place)" in table and "ARREST" in table and "absent" in table


def test_matching_is_maximal_whatever_the_output_order(tmp_path: Path) -> None:
    """The first gold event (country only) fits both outputs and would take the one
    the second gold event needs; the augmenting path gives each its own."""
    text = "قصف مدفعي على ديالى ثم قصف آخر على الأنبار."
    events = [
        _event("d", 0, "SHELLING", "قصف", text, locations=[_loc("IQ-DI")]),
        _event("d", 1, "SHELLING", "قصف", text, locations=[_loc("IQ-AN")]),
    ]
    gold = [
        {"type": "SHELLING", "country": "IQ", "admin1": [], "trigger": "قصف مدفعي"},
        {"type": "SHELLING", "admin1": ["IQ-DI"], "trigger": "قصف"},
    ]
    doc = {"doc_id": "d", "source": "d.txt", "text": text}
    for order in (events, events[::-1]):
        out = _write(tmp_path / f"out{order[0]['event_id'][-1]}", [doc], order)
        r = evaluate(_gold(tmp_path / "g", {"id": "d", "events": gold}), out)
        assert r["EVENT"]["r"] == 1.0


def test_cli_eval_table_json_and_errors(small: tuple[Path, Path], tmp_path: Path) -> None:
    gold, out = small
    cli = CliRunner()
    res = cli.invoke(app, ["eval", "--gold", str(gold), str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["EVENT"]["gold"] == 3
    res = cli.invoke(app, ["eval", "--gold", str(gold), str(out)])
    assert res.exit_code == 0 and "date compatible" in res.stdout
    res = cli.invoke(app, ["eval", "--gold", str(tmp_path / "nope"), str(out)])
    assert res.exit_code == 2
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.json").write_text("{", encoding="utf-8")
    res = cli.invoke(app, ["eval", "--gold", str(tmp_path / "bad"), str(out)])
    assert res.exit_code == 2 and "x.json" in res.output


DEV_IDS = ("ar001", "ar002", "ar003", "ar004", "ar006", "ar007", "ar009", "ar010")


def test_same_numbers_as_the_reference_scorer_on_dev_articles(tmp_path: Path) -> None:
    dev, scorer = SHARED / "data" / "news" / "dev", SHARED / "eval" / "score.py"
    if not (dev.is_dir() and scorer.is_file() and (SHARED / "gold" / "dev").is_dir()):
        pytest.skip("../shared (dev articles, gold and scorer) is not available")
    articles, gold = tmp_path / "in", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    for doc_id in DEV_IDS:
        for path in dev.glob(f"{doc_id}.*"):
            shutil.copy(path, articles / path.name)
        shutil.copy(SHARED / "gold" / "dev" / f"{doc_id}.json", gold)
    out = tmp_path / "out"
    run_folder(articles, out, PipelineSpec(ner="none"), RunOptions(workers=0))
    ref = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(ref.stdout)
    mine = evaluate(gold, out)
    mine["documents"].pop("missing")
    assert mine == expected
    assert expected["EVENT"]["gold"] > 10  # the sample has events to pair
