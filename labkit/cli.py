"""The `labkit` command: one group, each command in the module of its layer."""

from __future__ import annotations

import click

from labkit.runtime.doctor import doctor


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labkit")
def main() -> None:
    """Cognito Lab: a private, offline Amazon Cognito lab, with authoring and grading."""


main.add_command(doctor)
