"""Packaging beyond what pyproject.toml can say: the top-level models/ folder (the shipped NER
model, see models/README.md) goes into the wheel as the data package `newsie.models`.

pyproject.toml's automatic package discovery cannot add a package that lives outside src/, and
a fixed package list would drop every package added later, so the list is found here: every
package under src/ plus `newsie.models` mapped onto models/. Which files of it ship is said in
pyproject.toml ([tool.setuptools.package-data]); `newsie.stages.ner.models_dir()` finds them.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages("src", include=["newsie", "newsie.*"]), "newsie.models"],
    package_dir={"": "src", "newsie.models": "models"},
)
