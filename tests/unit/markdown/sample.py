"""A long markdown answer with everything a model writes: shared by the markdown tests."""

from __future__ import annotations

SECTION = """## 第 {n} 部分：Setting up

Here is a paragraph with **bold**, *italic*, `inline code` and a [link](https://example.com/{n}).
中文说明：流式渲染只会重新渲染尾部，已经完成的块不会再改变。

1. Install the package:

   ```bash
   pip install studio


   studio --demo
   ```

2. Configure it
   - nested item
   - another nested item

   Still part of item two, after a blank line.

3. Run it

```python
def greet(name: str) -> str:
    \"\"\"Say hello.\"\"\"

    message = f"你好, {{name}}"

# a comment at column 0 after a blank line, still inside the fence

    return message
```

| 名称 | Value | Note |
|:-----|------:|:----:|
| alpha | {n} | 第一 |
| beta | 2.5 | — |

> A quote that spans
> two lines.

~~~~
a tilde fence containing a backtick fence:
```

not closed by that
~~~~

---

"""


def long_answer(sections: int = 6) -> str:
    """``sections`` copies of a mixed section, numbered, ending with a final paragraph."""
    parts = [SECTION.format(n=n) for n in range(1, sections + 1)]
    parts.append("最后一段：谢谢阅读。 Final words.\n")
    return "".join(parts)
