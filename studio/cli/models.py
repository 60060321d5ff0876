"""``studio models``: one model id per line."""

from __future__ import annotations

from studio.api.errors import ApiError
from studio.cli.common import EXIT_OK, report
from studio.cli.context import CliContext


async def run_models(ctx: CliContext) -> int:
    """Print the relay's model ids."""
    try:
        models = await ctx.client.list_models()
    except ApiError as error:
        return report(error)
    for model in models:
        print(model.id, flush=True)
    return EXIT_OK
