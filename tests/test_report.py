"""`newsie report`: one self-contained HTML page that opens offline. Built from
data/raw's output; opened in headless Chromium with the network shut (skipped when
Chromium is not installed)."""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from newsie.cli import app
from newsie.report import build_report
from newsie.report.mapping import HEIGHT, WIDTH, Projection, basemap, decode
from newsie.resources import resource_path
from newsie.runner import PipelineSpec, RunOptions, run_folder

REPO = Path(__file__).resolve().parents[1]
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def raw_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/raw processed by the rules-only pipeline, in this process (fast)."""
    out = tmp_path_factory.mktemp("raw") / "out"
    run_folder(REPO / "data" / "raw", out, PipelineSpec(ner="none"), RunOptions(workers=0))
    return out


@pytest.fixture(scope="module")
def report_file(raw_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    res = CliRunner().invoke(app, ["report", str(raw_out), "-o", str(path)])
    assert res.exit_code == 0, res.output
    return path


def test_report_has_every_part(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for part in ('<svg id="chart"', '<svg id="map"', '<table class="events"', "<circle"):
        assert part in page, part
    assert "Top actors" in page and "Top provinces" in page
    assert '<select id="type">' in page and '<input id="q"' in page
    assert page.count('<tr id="row-') == 23  # every event of data/raw
    assert "<mark>" in page and 'dir="rtl"' in page and ARABIC.search(page)


def test_table_can_be_cut_to_the_latest_events(raw_out: Path) -> None:
    page = build_report(raw_out, max_rows=5)
    assert re.findall(r'<tr id="row-(\d+)"', page) == ["18", "19", "20", "21", "22"]
    assert "The 5 latest of 23 events" in page
    # Events of one type at one place share a circle; each links to a row.
    full = build_report(raw_out)
    circles = re.findall(r'<circle class="ev" data-event="(\d+)"', full)
    assert 0 < len(circles) <= 23 and all(f'id="row-{i}"' in full for i in circles)


def test_report_fetches_nothing(report_file: Path) -> None:
    """No script, style, font or image from elsewhere: the only URL is SVG's namespace."""
    page = report_file.read_text(encoding="utf-8")
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'<>)]*", page))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    assert not re.search(r"\s(src|href)=|@import|url\(", page)
    assert "default-src 'none'" in page  # and the page forbids loading anything anyway


def test_text_is_escaped(tmp_path: Path) -> None:
    text = "هجوم <script>alert(1)</script> على نقطة تفتيش في كركوك & بغداد"
    doc = {"doc_id": "x<y", "source": "x", "text": text, "title": '"><img src=x>'}
    start = text.index("هجوم")
    event = {
        "event_id": "x#0",
        "doc_id": "x<y",
        "type": "ATTACK",
        "trigger": {"start": start, "end": start + 4, "text": "هجوم"},
        "sentence": {"start": 0, "end": len(text), "text": text},
        "locations": [{"text": "كركوك <b>", "admin1": "IQ-KI", "country": "IQ"}],
        "actors": [{"text": "<i>مسلحون</i>", "type": "ARMED_GROUP", "role": "actor1"}],
    }
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    (out / "events.jsonl").write_text(json.dumps(event) + "\n", encoding="utf-8")
    page = build_report(out, title="<Report>")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "<i>مسلحون" not in page and "كركوك <b>" not in page
    assert "&lt;i&gt;مسلحون" in page and "كركوك &lt;b&gt;" in page
    assert "<title>&lt;Report&gt;</title>" in page
    assert "<mark>هجوم</mark>" in page
    # Kirkuk has no coordinates here: drawn at its province's centre, dashed.
    assert 'stroke-dasharray="2 2"' in page


def test_empty_output_and_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.jsonl").write_text("", encoding="utf-8")
    page = build_report(out)
    assert "No event has a place to map" in page and "No event has a day-precise date" in page
    res = CliRunner().invoke(app, ["report", str(tmp_path / "nope"), "-o", str(tmp_path / "r")])
    assert res.exit_code == 2


def test_basemap_is_small_public_domain_and_fits_the_region() -> None:
    assert resource_path("report/basemap.json").stat().st_size < 300_000
    data = basemap()
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    lon0, lat0, lon1, lat1 = data["bbox"]
    for layer in ("land", "admin0", "admin1"):
        assert data[layer]
        for flat in data[layer][:50]:
            for lon, lat in decode(flat):
                assert lon0 - 5 <= lon <= lon1 + 5 and lat0 - 5 <= lat <= lat1 + 5


def test_projection_keeps_the_events_in_view() -> None:
    proj = Projection([13.19, 45.33, 44.6], [32.9, 15.46, 33.75])
    for lon, lat in ((13.19, 32.9), (45.33, 15.46), (44.6, 33.75)):
        x, y = proj(lon, lat)
        assert 0 < x < WIDTH and 0 < y < HEIGHT
    one = Projection([44.0], [33.0])  # a single place still shows its surroundings
    assert one.box[2] - one.box[0] > 2


# --- in a browser ----------------------------------------------------------------

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None
)
# The flags that keep Chromium off the network (machines doc), and a dead proxy besides.
OFFLINE = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=127.0.0.1:9",
    "--hide-scrollbars",
]


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *OFFLINE, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def png_pixels(path: Path) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, raw rows) of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        header = chunk if kind == b"IHDR" else header
        idat += chunk if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and header[12] == 0, "8-bit, non-interlaced"
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = bytearray(), bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows += line
        prev = line
    return width, height, bpp, bytes(rows)


def grey_variance(path: Path) -> float:
    """Variance of the screenshot's grey levels: near 0 for a blank page."""
    try:
        from PIL import Image, ImageStat

        with Image.open(path) as im:
            return float(ImageStat.Stat(im.convert("L")).var[0])
    except ImportError:
        _, _, bpp, rows = png_pixels(path)
        greys = [sum(rows[i : i + min(bpp, 3)]) / min(bpp, 3) for i in range(0, len(rows), bpp)]
        mean = sum(greys) / len(greys)
        return sum((g - mean) ** 2 for g in greys) / len(greys)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_renders_offline_in_chromium(report_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    res = _chromium(
        [f"--screenshot={shot}", "--window-size=1200,2000", report_file.as_uri()],
        tmp_path / "profile1",
    )
    assert shot.exists(), res.stderr[-2000:]
    assert grey_variance(shot) > 100  # not a blank page: text, chart, map
    dom = _chromium(["--dump-dom", report_file.as_uri()], tmp_path / "profile2").stdout
    assert ARABIC.search(dom)
    assert '<svg id="map"' in dom and "<path" in dom and "<circle" in dom
    assert '<svg id="chart"' in dom and "<rect" in dom
    assert '<table class="events"' in dom
    assert "23 of 23 events shown" in dom  # the inline script ran
    # The filters, set from the link: two arrests in data/raw's output.
    dom = _chromium(["--dump-dom", report_file.as_uri() + "#type=ARREST"], tmp_path / "p3").stdout
    assert "2 of 23 events shown" in dom
    assert dom.count('style="display: none;"') == 21
    # The search box: the rows whose text holds the word, whatever the column.
    word = "كركوك"
    page = report_file.read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="row-\d+".*?</tr>', page)
    expected = sum(word in html.unescape(re.sub("<[^>]+>", "", r)) for r in rows)
    assert 0 < expected < 23
    dom = _chromium(
        ["--dump-dom", f"{report_file.as_uri()}#q={quote(word)}"], tmp_path / "p4"
    ).stdout
    assert f"{expected} of 23 events shown" in dom
