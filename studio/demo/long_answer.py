"""The long answer of ``demo-long-try-stop`` (English, or Simplified Chinese for a Chinese prompt).

About 800 demo tokens (1,200 in Chinese), so at the usual pace it takes about twenty
seconds: long enough to press Stop mid-way and then Continue. It is a guide to moving
averages with inline math (``$…$``) and display math (``$$…$$``), four fenced code blocks
(Python, JavaScript, SQL, a shell session), a table and lists. Like every demo answer, it
is the same for the same prompt.
"""

from __future__ import annotations

from studio.demo.seeding import short_echo
from studio.demo.tokens import has_cjk

PYTHON = (
    "from collections import deque\n"
    "from collections.abc import Iterable, Iterator\n"
    "\n"
    "\n"
    "def moving_average(values: Iterable[float], window: int) -> Iterator[float]:\n"
    '    """Yield the mean of the last `window` values, one result per value."""\n'
    "    if window < 1:\n"
    '        raise ValueError("window must be at least 1")\n'
    "    recent: deque[float] = deque(maxlen=window)\n"
    "    total = 0.0\n"
    "    for value in values:\n"
    "        if len(recent) == window:\n"
    "            total -= recent[0]\n"
    "        recent.append(value)\n"
    "        total += value\n"
    "        yield total / len(recent)\n"
    "\n"
    "\n"
    "print([round(x, 2) for x in moving_average([3, 5, 4, 8, 10, 9], 3)])"
)

JAVASCRIPT = (
    "function exponentialAverage(values, alpha = 0.3) {\n"
    "  if (alpha <= 0 || alpha > 1) {\n"
    '    throw new RangeError("alpha must be in (0, 1]");\n'
    "  }\n"
    "  const out = [];\n"
    "  let current = values[0];\n"
    "  for (const value of values) {\n"
    "    current = alpha * value + (1 - alpha) * current;\n"
    "    out.push(Number(current.toFixed(2)));\n"
    "  }\n"
    "  return out;\n"
    "}\n"
    "\n"
    "console.log(exponentialAverage([3, 5, 4, 8, 10, 9]));"
)

SQL = (
    "SELECT day,\n"
    "       visits,\n"
    "       AVG(visits) OVER (\n"
    "           ORDER BY day\n"
    "           ROWS BETWEEN 6 PRECEDING AND CURRENT ROW\n"
    "       ) AS weekly_average\n"
    "FROM daily_visits\n"
    "ORDER BY day;"
)

SHELL = (
    "$ python3 moving_average.py\n"
    "[3.0, 4.0, 4.0, 5.67, 7.33, 9.0]\n"
    "$ node exponential.js\n"
    "[3, 3.6, 3.72, 5, 6.5, 7.25]"
)

MATH_SIMPLE = r"$$\bar{x}_t = \frac{1}{k} \sum_{i=0}^{k-1} x_{t-i}$$"
MATH_RUNNING = r"$$\bar{x}_t = \bar{x}_{t-1} + \frac{x_t - x_{t-k}}{k}$$"
MATH_EXPONENTIAL = (
    r"$$s_t = \alpha x_t + (1 - \alpha) s_{t-1}, \qquad "
    r"w_i = \alpha (1 - \alpha)^i, \qquad \sum_{i=0}^{\infty} w_i = 1$$"
)


def _english(echo: str) -> str:
    return (
        f"> **You asked:** {echo}\n\n"
        "# Smoothing noisy numbers: a long answer\n\n"
        "This is the long demo answer. It streams for about twenty seconds, so you have time "
        "to press **Stop** (or `Esc`) while it is still being written; the text so far is "
        "kept, and **Continue** picks it up exactly where it stopped. It also has math, "
        "several code blocks and a table.\n\n"
        "## 1. The idea\n\n"
        "A moving average replaces each value $x_t$ by the mean of the last $k$ values. "
        "With a window of $k = 3$ the sequence $3, 5, 4, 8$ becomes $3, 4, 4, 5.67$: the "
        "sharp jumps are softened while the trend stays visible. Formally:\n\n"
        f"{MATH_SIMPLE}\n\n"
        "Recomputing the whole sum for every $t$ costs $O(k)$ per value. Keeping a running "
        "total costs $O(1)$, because one value enters the window and one leaves it:\n\n"
        f"{MATH_RUNNING}\n\n"
        "## 2. In Python\n\n"
        "A `deque` with `maxlen` drops the oldest value by itself, so the running total only "
        "has to subtract it first:\n\n"
        f"```python\n{PYTHON}\n```\n\n"
        "The first results use fewer than $k$ values (a *warm-up*); many libraries leave "
        "them out instead, which is why two tools can disagree on the first few points.\n\n"
        "## 3. Exponential smoothing in JavaScript\n\n"
        "An exponential moving average needs no window at all. Each new value gets the "
        "weight $\\alpha$ and the past keeps $1 - \\alpha$, so older values fade "
        "geometrically and the weights still add up to one:\n\n"
        f"{MATH_EXPONENTIAL}\n\n"
        f"```javascript\n{JAVASCRIPT}\n```\n\n"
        "A larger $\\alpha$ follows the data closely; a smaller one is smoother but lags "
        "behind. With $\\alpha = 2 / (k + 1)$ the two averages have about the same memory.\n\n"
        "## 4. In a database\n\n"
        "Window functions compute the same thing next to the data, without moving it:\n\n"
        f"```sql\n{SQL}\n```\n\n"
        "## 5. Trying it\n\n"
        f"```console\n{SHELL}\n```\n\n"
        "## 6. Which one to pick\n\n"
        "| Method | Memory | Cost per value | Reacts to a jump | Good for |\n"
        "|:-------|:------:|:--------------:|:----------------:|---------:|\n"
        "| Simple moving average | $k$ values | $O(1)$ | after $k$ steps | reports, charts |\n"
        "| Exponential average | one value | $O(1)$ | at once, fading | live signals |\n"
        "| Median filter | $k$ values | $O(\\log k)$ | ignores spikes | sensor glitches |\n"
        "| No smoothing | nothing | free | at once | clean data |\n\n"
        "## 7. Pitfalls\n\n"
        "1. **Lag.** Every average trails the data: a trend that turns shows up late.\n"
        "2. **Edges.** The first $k - 1$ points have no full window; decide how to show them.\n"
        "3. **Gaps.** Missing days are not zeros; fill them or use a time-based window.\n"
        "4. **Outliers.** One huge value shifts the mean for $k$ steps; a median does not.\n"
        "   - A quick test: compare the mean and the median of each window.\n"
        "   - If they differ a lot, look at the raw data before smoothing it.\n\n"
        "## Summary\n\n"
        "Use a simple moving average when you want a readable curve, an exponential one "
        "when new values matter most, and a median when the data has spikes. Whatever you "
        "choose, say which window you used, so others can reproduce the numbers. That is "
        "the end of this long answer: if you stopped it, press **Continue** to read the "
        "rest."
    )


def _chinese(echo: str) -> str:
    return (
        f"> **你的问题：** {echo}\n\n"
        "# 平滑噪声数据：一个很长的回答\n\n"
        "这是演示中继的长回答，大约需要二十秒才能写完，所以你有足够的时间在它还在输出时"
        "按下**停止**（或 `Esc`）；已经写出的内容会保留，按**继续**就会从中断的地方接着写。"
        "回答里还有公式、多个代码块和一张表格。\n\n"
        "## 一、基本思想\n\n"
        "移动平均把每个值 $x_t$ 换成最近 $k$ 个值的平均数。窗口 $k = 3$ 时，序列 "
        "$3, 5, 4, 8$ 会变成 $3, 4, 4, 5.67$：突然的跳变被削弱，而趋势仍然清晰可见。"
        "写成公式就是：\n\n"
        f"{MATH_SIMPLE}\n\n"
        "每一步都重新求和的代价是 $O(k)$；保存一个累计和只需要 $O(1)$，因为每次只有一个值"
        "进入窗口、一个值离开窗口：\n\n"
        f"{MATH_RUNNING}\n\n"
        "## 二、用 Python 实现\n\n"
        "带 `maxlen` 的 `deque` 会自动丢掉最旧的值，累计和只需要先把它减掉：\n\n"
        f"```python\n{PYTHON}\n```\n\n"
        "最前面的几个结果用到的值少于 $k$ 个（称为*预热*）；很多库会直接省略它们，"
        "这也是不同工具在开头几个点上结果不一致的原因。\n\n"
        "## 三、用 JavaScript 做指数平滑\n\n"
        "指数移动平均根本不需要窗口。每个新值的权重是 $\\alpha$，过去的部分保留 "
        "$1 - \\alpha$，所以越旧的值影响越小，而所有权重之和仍然等于一：\n\n"
        f"{MATH_EXPONENTIAL}\n\n"
        f"```javascript\n{JAVASCRIPT}\n```\n\n"
        "$\\alpha$ 越大，曲线越贴近原始数据；越小则越平滑，但反应也越迟缓。"
        "取 $\\alpha = 2 / (k + 1)$ 时，两种平均的“记忆长度”大致相同。\n\n"
        "## 四、在数据库里计算\n\n"
        "窗口函数可以在数据所在的地方完成同样的计算，不必把数据搬出来：\n\n"
        f"```sql\n{SQL}\n```\n\n"
        "## 五、运行一下\n\n"
        f"```console\n{SHELL}\n```\n\n"
        "## 六、如何选择\n\n"
        "| 方法 | 需要记住 | 每个值的代价 | 对跳变的反应 | 适用场景 |\n"
        "|:-----|:--------:|:------------:|:------------:|---------:|\n"
        "| 简单移动平均 | $k$ 个值 | $O(1)$ | $k$ 步之后 | 报表与图表 |\n"
        "| 指数平均 | 一个值 | $O(1)$ | 立即，逐渐减弱 | 实时信号 |\n"
        "| 中位数滤波 | $k$ 个值 | $O(\\log k)$ | 忽略尖峰 | 传感器毛刺 |\n"
        "| 不做平滑 | 无 | 无 | 立即 | 干净的数据 |\n\n"
        "## 七、常见陷阱\n\n"
        "1. **滞后。** 任何平均都会落后于数据：趋势转折会晚一些才显现。\n"
        "2. **边缘。** 最前面的 $k - 1$ 个点没有完整的窗口，要决定怎样显示它们。\n"
        "3. **缺口。** 缺失的日期不等于零；要么补齐，要么使用按时间计算的窗口。\n"
        "4. **离群值。** 一个极大的值会让平均数偏移 $k$ 步，而中位数不会。\n"
        "   - 简单的检查方法：比较每个窗口的平均数和中位数。\n"
        "   - 如果两者相差很大，先看看原始数据再决定是否平滑。\n\n"
        "## 小结\n\n"
        "想要一条易读的曲线就用简单移动平均，最新的数据最重要时用指数平均，数据里有尖峰时"
        "用中位数。无论选哪一种，都请写明所用的窗口，方便别人复现结果。这个长回答到这里就"
        "结束了：如果你中途停止了它，按**继续**即可读完剩下的部分。"
    )


def long_answer(prompt: str, *, candidate: int = 0, candidates: int = 1) -> str:
    """The long answer to ``prompt`` (Chinese when the prompt is), with a draft label when
    several candidates are asked for."""
    zh = has_cjk(prompt)
    echo = short_echo(prompt) or ("（空消息）" if zh else "(an empty message)")
    text = _chinese(echo) if zh else _english(echo)
    if candidates > 1:
        label = (
            f"_第 {candidate + 1} 稿，共 {candidates} 稿。_"
            if zh
            else f"_Draft {candidate + 1} of {candidates}._"
        )
        head, _, body = text.partition("\n\n")
        text = f"{head}\n\n{label}\n\n{body}"
    return text
