"""Sample markdown answers (English and Simplified Chinese) written by the demo relay.

Every answer holds the pieces a chat view must render: headings, nested and numbered lists,
a table with alignments, fenced code in Python and JavaScript, inline code, a link and a long
paragraph in Simplified Chinese. Small choices (which snippet, which tip) depend on a stable
hash of the prompt, so answers differ per prompt but never between runs.
"""

from __future__ import annotations

from studio.demo.catalog import DEMO_MODELS
from studio.demo.seeding import pick, short_echo
from studio.demo.tokens import count_tokens, has_cjk, truncate_tokens

PYTHON_SNIPPETS = (
    "def fibonacci(n: int) -> list[int]:\n"
    '    """Return the first n Fibonacci numbers."""\n'
    "    numbers = [0, 1]\n"
    "    while len(numbers) < n:\n"
    "        numbers.append(numbers[-1] + numbers[-2])\n"
    "    return numbers[:n]\n"
    "\n"
    "print(fibonacci(10))",
    "from collections import Counter\n"
    "\n"
    "def top_words(text: str, k: int = 3) -> list[tuple[str, int]]:\n"
    '    """Count the k most common words in text."""\n'
    "    return Counter(text.lower().split()).most_common(k)\n"
    "\n"
    'print(top_words("the cat and the hat and the bat"))',
    "import asyncio\n"
    "\n"
    "async def tick(name: str, times: int) -> None:\n"
    "    for i in range(times):\n"
    '        print(f"{name}: {i}")\n'
    "        await asyncio.sleep(0)\n"
    "\n"
    'asyncio.run(tick("demo", 3))',
)

JAVASCRIPT_SNIPPETS = (
    "const debounce = (fn, ms = 200) => {\n"
    "  let timer;\n"
    "  return (...args) => {\n"
    "    clearTimeout(timer);\n"
    "    timer = setTimeout(() => fn(...args), ms);\n"
    "  };\n"
    "};\n"
    "\n"
    'window.addEventListener("resize", debounce(() => console.log("resized")));',
    "async function fetchJson(url) {\n"
    "  const response = await fetch(url);\n"
    "  if (!response.ok) {\n"
    "    throw new Error(`HTTP ${response.status}`);\n"
    "  }\n"
    "  return response.json();\n"
    "}\n"
    "\n"
    'fetchJson("/v1/models").then((models) => console.log(models.data.length));',
    "const groupBy = (items, key) =>\n"
    "  items.reduce((groups, item) => {\n"
    "    (groups[item[key]] ||= []).push(item);\n"
    "    return groups;\n"
    "  }, {});\n"
    "\n"
    'console.log(groupBy([{ kind: "a" }, { kind: "b" }, { kind: "a" }], "kind"));',
)

TIPS_EN = (
    "Press `Esc` to stop a long answer at any time.",
    "Use `Shift+Enter` to start a new line without sending.",
    "Paste an image with `Ctrl+V` to ask a vision model about it.",
    "Pick `demo-reasoner` to watch the model think before it answers.",
    "Pick `demo-long-try-stop` for a long answer you can stop and continue.",
    "Pick `demo-cutoff-try-continue` to see an answer cut at max tokens and continued.",
)

TIPS_ZH = (
    "随时按 `Esc` 可以停止一个很长的回答。",
    "按 `Shift+Enter` 换行而不发送消息。",
    "用 `Ctrl+V` 粘贴图片，就可以让视觉模型描述它。",
    "选择 `demo-reasoner` 可以看到模型在回答之前的思考过程。",
    "选择 `demo-long-try-stop` 会得到一个可以停止、再继续的长回答。",
    "选择 `demo-cutoff-try-continue` 可以看到在最大长度处截断、再继续写完的回答。",
)

CHINESE_PARAGRAPHS = (
    "这是一个离线演示中继，它的回答完全在本机生成，不会把任何内容发送到互联网。"
    "演示服务器按照与真实中继相同的协议逐字流式输出，因此界面可以像对待真正的模型一样"
    "显示标题、列表、表格和代码块。对于同一个问题，它总是给出同样的回答，这让自动化测试"
    "和性能基准变得稳定可靠。如果你想体验推理模型，可以选择名称中带有“reasoner”的模型，"
    "它会先输出一段思考过程，然后再给出正式的答案。最后，请记住这里的内容只是示例文字，"
    "并不代表任何真实模型的能力。",
    "在没有网络或者还没有购买接口密钥的时候，演示模式可以帮助你熟悉整个应用。"
    "你可以在这里尝试多轮对话、函数调用、结构化输出以及图片的生成和编辑。"
    "所有的图片都是用程序绘制的渐变和几何图形，相同的提示词和种子总会得到完全相同的像素。"
    "当你准备好连接真实的服务时，只需要在设置中填写中继地址和密钥即可。"
    "整个过程不需要修改任何其他配置，也不会丢失已经保存的对话记录。",
)

EXTRA_SENTENCES_EN = (
    "Streaming answers arrive in small pieces, so the view must grow without flicker.",
    "Finished blocks are rendered once and frozen; only the growing tail changes.",
    "A relay may add comments, keep-alive lines or odd finish reasons to a stream.",
    "Long answers are a good test for scrolling, selection and copying.",
    "Every piece of this text is generated deterministically from the request.",
)

EXTRA_SENTENCES_ZH = (
    "流式回答会被拆成很多小片段依次到达。",
    "已经完成的段落只渲染一次，之后只更新正在增长的部分。",
    "很长的回答可以用来测试滚动、选择和复制功能。",
)

REASONING_EN = (
    "The user wrote “{echo}”. {plan} "
    "I should keep the answer well structured so it is easy to scan. "
    "Let me check the details once more before I answer."
)
REASONING_ZH = (
    "用户写道：“{echo}”。{plan}我应该让回答结构清晰、便于阅读。在回答之前，我再检查一遍细节。"
)


def _echo_line(prompt: str, zh: bool) -> str:
    echo = short_echo(prompt) or ("（空消息）" if zh else "(an empty message)")
    return f"> **你的问题：** {echo}" if zh else f"> **You asked:** {echo}"


def _table(zh: bool, seed: int) -> str:
    rows = [
        (f"`{m.id}`", m.shows_zh if zh else m.shows_en, (m.try_zh if zh else m.try_en) or "—")
        for m in DEMO_MODELS
        if m.featured
    ]
    shift = seed % len(rows)
    rows = rows[shift:] + rows[:shift]
    head = "| 模型 | 特点 | 试一试 |" if zh else "| Model | What it shows | Try |"
    lines = [head, "|:------|:--------:|------------:|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def markdown_answer(prompt: str, *, candidate: int = 0, candidates: int = 1) -> str:
    """The rich markdown sample, tailored (echo, snippet choice) to ``prompt``."""
    zh = has_cjk(prompt)
    seed_parts = (prompt, candidate)
    python = pick(PYTHON_SNIPPETS, "py", *seed_parts)
    javascript = pick(JAVASCRIPT_SNIPPETS, "js", *seed_parts)
    paragraph = pick(CHINESE_PARAGRAPHS, "zh", *seed_parts)
    tip = pick(TIPS_ZH if zh else TIPS_EN, "tip", *seed_parts)
    table = _table(zh, len(prompt) + candidate)
    draft = ""
    if candidates > 1:
        draft = (
            f"_第 {candidate + 1} 稿，共 {candidates} 稿。_\n\n"
            if zh
            else f"_Draft {candidate + 1} of {candidates}._\n\n"
        )
    link = "[OpenAI API 参考](https://platform.openai.com/docs/api-reference/chat)"
    if zh:
        body = (
            f"{draft}## 概览\n\n"
            "这是 **Studio 演示中继** 的离线回答，内容由本机生成。\n\n"
            "- **流式输出**：文字像真实中继一样逐字到达。\n"
            "- **Markdown**：标题、列表、表格和代码块会边到达边渲染。\n"
            "- **离线**：不会访问网络，运行 `studio --demo` 即可体验。\n"
            "  - 同一个问题总是得到同样的回答。\n\n"
            "1. 阅读问题。\n2. 规划回答。\n3. 流式输出。\n\n"
            f"## 可以试试的演示模型\n\n{table}\n\n"
            "## 两种语言的代码\n\n"
            f"```python\n{python}\n```\n\n"
            f"```javascript\n{javascript}\n```\n\n"
            f"## 说明\n\n{paragraph}\n\n"
            f"小提示：{tip} 更多内容请参阅 {link}。"
        )
    else:
        body = (
            f"{draft}## Overview\n\n"
            "This is the **Studio demo relay** answering offline; nothing leaves this computer.\n\n"
            "- **Streaming**: text arrives token by token, like a real relay.\n"
            "- **Markdown**: headings, lists, tables and code blocks render as they grow.\n"
            "- **Offline**: no network needed; run `studio --demo` to try it.\n"
            "  - The same prompt always gets the same answer.\n\n"
            "1. Read the question.\n2. Plan the answer.\n3. Stream it.\n\n"
            f"## Demo models to try\n\n{table}\n\n"
            "## Code in two languages\n\n"
            f"```python\n{python}\n```\n\n"
            f"```javascript\n{javascript}\n```\n\n"
            f"## 中文说明\n\n{paragraph}\n\n"
            f"**Tip:** {tip} For more, see the "
            "[OpenAI API reference](https://platform.openai.com/docs/api-reference/chat)."
        )
    return f"{_echo_line(prompt, zh)}\n\n{body}"


def extend_to_tokens(text: str, tokens: int, seed: object = "") -> str:
    """``text`` grown with extra sections (or cut) to exactly ``tokens`` demo tokens."""
    if tokens <= 0:
        return text
    parts = [text]
    total = count_tokens(text)
    section = 0
    while total < tokens:
        section += 1
        english = " ".join(
            pick(EXTRA_SENTENCES_EN, seed, section, i) for i in range(len(EXTRA_SENTENCES_EN))
        )
        chinese = "".join(EXTRA_SENTENCES_ZH[(section + i) % 3] for i in range(3))
        block = (
            f"\n\n## Extra section {section}\n\n{english}\n\n"
            f"- Point {section}.1: `token` number {total}\n- Point {section}.2: {chinese}"
        )
        parts.append(block)
        total += count_tokens(block)
    return truncate_tokens("".join(parts), tokens)


def reasoning_text(prompt: str, plan: str, plan_zh: str) -> str:
    """A few sentences of visible 'thinking' about ``prompt`` (Chinese if the prompt is)."""
    echo = short_echo(prompt, 60) or "…"
    if has_cjk(prompt):
        return REASONING_ZH.format(echo=echo, plan=plan_zh)
    return REASONING_EN.format(echo=echo, plan=plan)
