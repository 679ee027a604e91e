"""The `labkit` command: one group, each command in the module of its layer."""

from __future__ import annotations

import click

from labkit.grading.cli import assign, check, grade, refresh
from labkit.runtime.doctor import doctor


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labkit")
def main() -> None:
    """Cognito Lab: a private, offline Amazon Cognito lab, with authoring and grading."""


main.add_command(doctor)
for _command in (assign, refresh, grade, check):
    main.add_command(_command)
