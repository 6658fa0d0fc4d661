"""Write src/newsie/resources/orthography/characters.tsv from camel-tools: how each
character of the blocks news is written in is normalised (newsie.lang.ar.orthography).
Run it after upgrading camel-tools; tests/test_normalize.py fails until it is run.

    .venv/bin/python scripts/build_character_table.py
"""

from __future__ import annotations

from newsie.lang.ar.orthography import TABLE, table_rows
from newsie.resources import resource_path

HEADER = """\
# Normalised form of each character of the covered blocks that normalising changes
# (newsie.lang.ar.orthography.COVERED), as hexadecimal code points; empty = dropped.
# Source: generated from camel-tools by scripts/build_character_table.py.
# Licence: same as newsie (camel-tools is MIT).
char\tnormalised
"""


def main() -> None:
    path = resource_path(TABLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{char}\t{normalised}\n" for char, normalised in table_rows())
    path.write_text(HEADER + body, encoding="utf-8")
    print(path)


if __name__ == "__main__":
    main()
