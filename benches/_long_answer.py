"""A long markdown answer for the end-to-end benchmarks: prose, code blocks, tables, Chinese.

:func:`long_answer` builds about 80,000 characters in ``sections`` numbered sections (default
50): each has a heading, two paragraphs (English and Chinese), a list, a 16-line Python code
block, a table and a quote, so the answer holds 50 code blocks and 50 tables, as the issue's
measurement did. :func:`split_chunks` cuts it into ``count`` pieces of nearly equal length
(mid-word, as a relay's tokens often are), so a stream of 20,000 chunks carries it all.
"""

from __future__ import annotations

SECTION = """## {n}. 第 {n} 部分：批量处理订单 (orders, part {n})

The importer reads every order file of the day, checks each row against the rules below and
writes the accepted rows to the ledger. Rows that fail a rule are **kept** in a side file with
the reason, so nothing is lost and an operator can fix them later with `fix_rows()`; the run
never stops at the first bad row. Part {n} covers the amounts and the currencies.

导入程序会读取当天所有的订单文件，按照下面的规则逐行检查，并把通过检查的记录写入总账。
没有通过检查的记录会连同原因一起保存到单独的文件里，这样数据不会丢失，操作员之后可以修正它们。

- every `order_id` is unique within the day ({n} files so far)
- 金额必须是正数，并且最多两位小数
- the currency is one of `CNY`, `USD`, `EUR` or `JPY`
- a refund refers to an order that exists

```python
from decimal import Decimal, InvalidOperation

CURRENCIES = {{"CNY", "USD", "EUR", "JPY"}}


def check_row(row: dict[str, str], seen: set[str]) -> str | None:
    \"\"\"The reason a row is refused, or None when it is fine (part {n}).\"\"\"
    if row["order_id"] in seen:
        return "duplicate order id"
    try:
        amount = Decimal(row["amount"])
    except InvalidOperation:
        return "amount is not a number"
    if amount <= 0 or amount.as_tuple().exponent < -2:
        return "amount must be positive with at most two decimals"
    if row["currency"] not in CURRENCIES:
        return f"unknown currency {{row['currency']!r}}"
    return None
```

| 字段 field | 类型 | Required | 示例 example |
|:-----------|:----:|:--------:|-------------:|
| order_id | str | yes | A-{n}-0001 |
| amount | decimal | yes | 129.90 |
| currency | str | yes | CNY |
| refund_of | str | no | A-{n}-0000 |

> 提示：如果一天的文件超过一万行，可以分批处理，每批一千行，内存占用保持平稳。
> Batches of a thousand rows keep memory flat.

"""


def long_answer(sections: int = 50) -> str:
    """About 1,600 characters per section; 50 sections make ~80,000."""
    return "".join(SECTION.format(n=n) for n in range(1, sections + 1))


def split_chunks(text: str, count: int) -> list[str]:
    """``text`` cut into ``count`` consecutive pieces of nearly equal length (none empty)."""
    count = max(1, min(count, len(text)))
    size, extra = divmod(len(text), count)
    pieces: list[str] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        pieces.append(text[start:end])
        start = end
    return pieces
