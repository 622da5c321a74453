"""Command-line interface (placeholder until the pipeline lands)."""

import typer

app = typer.Typer(no_args_is_help=True)


@app.command()
def version() -> None:
    """Print vocabdeck's version."""
    from vocabdeck import __version__

    typer.echo(__version__)


def main() -> None:
    app()
