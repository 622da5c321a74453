"""The command line's shared options (cli_params.py): a group's flags reach the command as
one object, with the same defaults the library has."""

from __future__ import annotations

from dataclasses import fields

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from vocabdeck.cli import app
from vocabdeck.cli_params import Filters, Reading, grouped

runner = CliRunner()

# Every flag of the two groups with a value other than its default, and what it gives.
GIVEN = [
    (["--standard", "2021"], "standard", "2021"),
    (["--levels", "5"], "levels", "5"),
    (["--min-count", "3"], "min_count", 3),
    (["--min-zipf", "1.5"], "min_zipf", 1.5),
    (["--max-zipf", "4.5"], "max_zipf", 4.5),
    (["--known", "a.txt", "--known", "b.txt"], "known", ["a.txt", "b.txt"]),
    (["--known-min-interval", "7"], "known_min_interval", 7),
    (["--no-known-suspended"], "known_suspended", False),
    (["--known-field", "Hanzi"], "known_field", "Hanzi"),
    (["--known-chars"], "known_chars", True),
    (["--max-cards", "12"], "max_cards", 12),
    (["--coverage", "95"], "coverage", 95.0),
    (["--names"], "names", True),
    (["--encoding", "gb18030"], "encoding", "gb18030"),
    (["-j", "2"], "jobs", 2),
    (["--no-chapters"], "chapters", False),
]


def _echo_app(omit=()):
    """A one-command app that prints the groups it was given."""
    test_app = typer.Typer()

    @test_app.command()
    @grouped(omit=omit)
    def show(article: str, filters: Filters = Filters(), fmt: str = "table", reading: Reading = Reading()) -> None:
        typer.echo(repr((article, filters, fmt, reading)))

    return test_app


def test_every_field_of_a_group_is_covered_here():
    assert {name for _, name, _ in GIVEN} == {f.name for group in (Filters, Reading) for f in fields(group)}


@pytest.mark.parametrize("args,name,value", GIVEN, ids=[g[1] for g in GIVEN])
def test_a_flag_reaches_its_field_and_leaves_the_others_at_their_default(args, name, value):
    result = runner.invoke(_echo_app(), ["x.txt", *args, "--fmt", "tsv"])
    assert result.exit_code == 0, result.output
    group = Filters if name in {f.name for f in fields(Filters)} else Reading
    wanted = {Filters: Filters(), Reading: Reading()}
    wanted[group] = group(**{name: value})
    assert result.output.strip() == repr(("x.txt", wanted[Filters], "tsv", wanted[Reading]))


def test_an_omitted_field_is_no_option_and_keeps_its_default():
    result = runner.invoke(_echo_app(omit=("coverage", "jobs")), ["x.txt", "--coverage", "95"])
    assert result.exit_code == 2
    assert "No such option: --coverage" in result.output
    result = runner.invoke(_echo_app(omit=("coverage", "jobs")), ["x.txt"])
    assert result.output.strip() == repr(("x.txt", Filters(), "table", Reading()))


@pytest.mark.parametrize("command,omitted", [
    ("words", set()),
    ("build", set()),
    ("handout", {"known_min_interval", "known_suspended", "known_field", "known_chars", "coverage", "jobs"}),
])
def test_the_word_commands_take_the_groups(command, omitted):
    params = {p.name for p in get_command(app).commands[command].params}
    group_fields = {f.name for group in (Filters, Reading) for f in fields(group)}
    assert group_fields & params == group_fields - omitted
    assert not {"filters", "reading"} & params


def test_the_known_interval_default_is_the_librarys():
    from vocabdeck.data.known import DEFAULT_MIN_INTERVAL, KnownOptions

    assert Filters().known_min_interval == DEFAULT_MIN_INTERVAL == KnownOptions().min_interval


def test_the_default_filters_give_the_librarys_default_options():
    from vocabdeck.model import Options

    options, sources = Filters().options()
    assert sources is None
    assert options == Options(levels=options.levels, unlisted=options.unlisted, coverage=options.coverage,
                              study_deck=True)


def test_omitting_a_field_no_group_has_is_refused():
    with pytest.raises(TypeError, match="no group has coverge"):
        _echo_app(omit=("coverge",))
