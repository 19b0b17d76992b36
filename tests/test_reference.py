"""docs/reference.md is generated from the code and complete: every key the validation accepts, every
front-matter key, chapter variable, filter, command and option has an entry, and the committed page
is the generated one."""

from __future__ import annotations

import subprocess
import sys

import yaml
from docexamples import REPO, Example, parse_commands

from publisher.reference import entries, missing_entries, probed_mappings, render
from publisher.reference.keys import publication_keys

PAGE = REPO / "docs" / "reference.md"


def test_every_key_and_option_has_an_entry() -> None:
    assert missing_entries() == []


def test_a_key_without_an_entry_is_named() -> None:
    described = yaml.safe_load(yaml.safe_dump(entries()))
    del described["publication"]["print.paper.caliper_um"]
    del described["front_matter"]["lang_note"]
    assert missing_entries(described) == ["publication: print.paper.caliper_um", "front_matter: lang_note"]


def test_the_keys_are_the_validations() -> None:
    """Found by asking load_publication, not listed: every documented key is accepted, nothing else."""
    found = publication_keys(probed_mappings())
    assert set(found) == set(entries()["publication"])
    assert {"print.signature", "documents[].print_runs", "accessibility.contact"} <= set(found)


def test_the_committed_page_is_the_generated_one() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), (
        "docs/reference.md differs from the code: run `make docs` (python -m publisher.reference docs/reference.md)"
    )


def test_the_check_command_fails_on_a_stale_page(tmp_path) -> None:
    stale = tmp_path / "reference.md"
    stale.write_text(render().replace("`print.bleed`", "`print.bled`"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "publisher.reference", "--check", str(stale)], capture_output=True, text=True
    )
    assert done.returncode == 1 and "differs from the code" in done.stderr


def test_every_command_example_of_the_page_parses() -> None:
    from publisher.reference import cli

    given = entries()["cli"]
    examples = [cli.example(name, param, given) for name, command in cli.commands() for param in command.params]
    assert len(examples) > 15 and all(f"`{e}`" in render() for e in examples)
    page = Example(PAGE, 1, "sh", "\n".join(examples) + "\n", kind="commands")
    assert parse_commands(page) == []
