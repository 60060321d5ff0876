"""The demo relay's own models, named after what they let you try, with a line each.

``GET /v1/models`` lists them first (with their ``description``), and the markdown sample's
table repeats what to try with each (:mod:`studio.demo.texts`). Three exist to try the
controls of a real relay without any hidden option:

- ``demo-long-try-stop``: a long answer (math, several code blocks, a table) that takes about
  twenty seconds at the usual pace, so Stop lands mid-way; Continue then finishes it;
- ``demo-cutoff-try-continue``: stops every :data:`CUTOFF_TOKENS` tokens with
  ``finish_reason: "length"``, as a max-tokens limit does, so Continue appears;
- ``demo-image-slow-try-cancel``: draws for :data:`SLOW_IMAGE_SECONDS` seconds (previews
  on the way when streamed), so Cancel can be pressed.
"""

from __future__ import annotations

from dataclasses import dataclass

LONG_MODEL = "demo-long-try-stop"
CUTOFF_MODEL = "demo-cutoff-try-continue"
SLOW_IMAGE_MODEL = "demo-image-slow-try-cancel"
CUTOFF_TOKENS = 150
"""How many tokens ``demo-cutoff-try-continue`` writes before each max-tokens cut."""
SLOW_IMAGE_SECONDS = 8.0
"""How long ``demo-image-slow-try-cancel`` takes for one request."""


@dataclass(frozen=True)
class DemoModel:
    """One demo model: what it shows and what to try with it (English and Simplified
    Chinese; ``try_*`` empty when there is nothing special to press). ``featured`` models
    are the rows of the markdown sample's table."""

    id: str
    shows_en: str
    shows_zh: str
    try_en: str = ""
    try_zh: str = ""
    featured: bool = False

    @property
    def description(self) -> str:
        """One English line for ``/v1/models``."""
        return f"{self.shows_en}: {self.try_en}" if self.try_en else self.shows_en


DEMO_MODELS = (
    DemoModel(
        "demo-chat",
        "everyday answers with markdown, code and a table",
        "带 Markdown、代码和表格的日常回答",
        featured=True,
    ),
    DemoModel(
        LONG_MODEL,
        "a long answer with math, code blocks and a table",
        "带公式、代码块和表格的长回答",
        "press Stop mid-way, then Continue",
        "中途按“停止”，再按“继续”",
        featured=True,
    ),
    DemoModel(
        CUTOFF_MODEL,
        f"stops at a max-tokens cut every {CUTOFF_TOKENS} tokens",
        f"每 {CUTOFF_TOKENS} 个词元停在最大长度处",
        "press Continue",
        "按“继续”",
        featured=True,
    ),
    DemoModel("demo-reasoner", "shows its thinking first", "先展示思考过程", featured=True),
    DemoModel("demo-think", "thinks inside <think> tags", "在 <think> 标签里思考"),
    DemoModel("demo-vision", "measures the images you attach", "测量你附上的图片"),
    DemoModel("demo-image", "draws pictures", "绘制图片"),
    DemoModel(
        SLOW_IMAGE_MODEL,
        f"takes {SLOW_IMAGE_SECONDS:.0f} seconds to draw",
        f"每次出图需要 {SLOW_IMAGE_SECONDS:.0f} 秒",
        "press Cancel on its job",
        "在任务上按“取消”",
        featured=True,
    ),
    DemoModel("demo-image-edit", "edits only the masked pixels", "只修改蒙版内的像素"),
    DemoModel("demo-image-remix", "takes the mask as a hint", "把蒙版当作提示"),
    DemoModel("demo-banana", "draws through the chat endpoint", "通过对话接口绘图"),
)
"""The demo models in the order ``/v1/models`` lists them."""
