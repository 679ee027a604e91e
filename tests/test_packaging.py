"""The two ways to install the lab (pip + pyproject.toml, conda + environment.yml) must ask for the same things."""

from __future__ import annotations

import importlib.metadata as metadata
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
# PyPI names that conda-forge spells differently.
CONDA_NAMES = {"docker": "docker-py"}


def pyproject_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(line) for line in project["dependencies"]]


def conda_requirements() -> dict[str, Requirement]:
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [Requirement(d.replace(" ", "")) for d in spec["dependencies"] if isinstance(d, str)]
    return {r.name.lower(): r for r in conda}


def test_every_dependency_has_the_same_range_in_environment_yml() -> None:
    conda = conda_requirements()
    for requirement in pyproject_requirements():
        name = requirement.name.lower()
        assert name in conda, f"{name} is in pyproject.toml but not in environment.yml"
        assert conda[name].specifier == requirement.specifier, (name, str(conda[name].specifier))


def test_extras_are_spelled_out_for_conda() -> None:
    """conda has no extras: what moto[server,cognitoidp] and pyjwt[crypto] pull in must be listed by name."""
    conda = conda_requirements()
    for requirement in pyproject_requirements():
        for extra in requirement.extras:
            for dependency in metadata.requires(requirement.name) or []:
                needed = Requirement(dependency)
                if needed.marker is None or not needed.marker.evaluate({"extra": extra}):
                    continue
                name = CONDA_NAMES.get(needed.name.lower(), needed.name.lower()).replace("_", "-")
                assert name in conda, f"{requirement.name}[{extra}] needs {needed.name}; add {name} to environment.yml"


def test_environment_yml_installs_labkit_from_the_repo() -> None:
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in spec["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
