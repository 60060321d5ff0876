"""Chat completions from the demo relay: markdown stream, usage, reasoning, n, lengths, errors."""

from __future__ import annotations

import re
from typing import Any

import httpx

from studio.demo.tokens import count_tokens, split_tokens


def _user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": text}]


def test_token_split_round_trips_mixed_text() -> None:
    text = "Hello  world,\n\n中文测试 `code` end  "
    tokens = split_tokens(text)
    assert "".join(tokens) == text
    assert "\n\n中" in tokens and "文" in tokens and "测" in tokens
    assert count_tokens("one two three") == 3


def test_models_lists_demo_and_relay_names(base_url: str, client: httpx.Client) -> None:
    response = client.get(f"{base_url}/models")
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "list"
    ids = {model["id"] for model in body["data"]}
    assert {"demo-chat", "demo-reasoner", "demo-think", "demo-vision", "demo-image"} <= ids
    assert {"gpt-4o", "claude-sonnet-4-20250514", "nano-banana-2", "gpt-image-1"} <= ids
    assert all(m["object"] == "model" and m["owned_by"] == "studio-demo" for m in body["data"])
    assert client.get(f"{base_url}/models/gpt-4o").json()["id"] == "gpt-4o"
    assert client.get(f"{base_url}/models/no-such-model").status_code == 404


def test_streamed_markdown_has_table_two_code_languages_and_chinese(stream_chat: Any) -> None:
    result = stream_chat({"model": "demo-chat", "messages": _user("Tell me about tables")})
    assert result.status == 200
    assert result.content_type.startswith("text/event-stream")
    first = result.chunks[0]["choices"][0]
    assert first["delta"] == {"role": "assistant", "content": ""}
    text = result.text()
    assert "Tell me about tables" in text.split("\n", 1)[0]
    assert re.search(r"^\|.*\|\n\|[:\- |]+\|$", text, re.MULTILINE)
    assert "```python\n" in text and "```javascript\n" in text
    assert re.search(r"^#{2,3} ", text, re.MULTILINE)
    assert re.search(r"\[[^\]]+\]\(https?://", text)
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 100
    # Many small chunks, one finish chunk, then [DONE]; no usage unless asked.
    assert len(result.chunks) > 100
    assert result.chunks[-1]["choices"][0]["delta"] == {}
    assert result.finishes() == {0: "stop"}
    assert result.done
    assert all("usage" not in chunk for chunk in result.chunks)
    ids = {chunk["id"] for chunk in result.chunks}
    assert len(ids) == 1 and next(iter(ids)).startswith("chatcmpl-")


def test_answers_are_deterministic_and_differ_per_prompt(stream_chat: Any) -> None:
    first = stream_chat({"model": "demo-chat", "messages": _user("alpha question")}).text()
    again = stream_chat({"model": "demo-chat", "messages": _user("alpha question")}).text()
    other = stream_chat({"model": "demo-chat", "messages": _user("beta, a different one")}).text()
    assert first == again
    assert first != other
    assert "beta, a different one" in other


def test_chinese_prompt_gets_chinese_headings(stream_chat: Any) -> None:
    text = stream_chat({"model": "gpt-4o", "messages": _user("请介绍一下表格")}).text()
    assert "## 概览" in text and "请介绍一下表格" in text
    assert "```python" in text and "|" in text


def test_include_usage_sends_a_usage_chunk_after_the_finish(stream_chat: Any) -> None:
    result = stream_chat(
        {
            "model": "demo-chat",
            "messages": _user("usage please"),
            "stream_options": {"include_usage": True},
        }
    )
    last = result.chunks[-1]
    assert last["choices"] == []
    usage = last["usage"]
    assert usage["completion_tokens"] == count_tokens(result.text())
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert result.chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert result.done


def test_reasoning_model_streams_reasoning_content_before_content(stream_chat: Any) -> None:
    result = stream_chat({"model": "demo-reasoner", "messages": _user("Plan a trip")})
    kinds = []
    for chunk in result.chunks:
        delta = chunk["choices"][0]["delta"]
        if delta.get("reasoning_content"):
            kinds.append("reasoning")
        elif delta.get("content"):
            kinds.append("content")
    first_content = kinds.index("content")
    assert first_content > 3
    assert set(kinds[:first_content]) == {"reasoning"}
    assert "reasoning" not in kinds[first_content:]
    assert "Plan a trip" in result.text(key="reasoning_content")
    assert "<think>" not in result.text()


def test_relay_reasoner_names_stream_reasoning(stream_chat: Any) -> None:
    for model in ("deepseek-reasoner", "o1"):
        result = stream_chat({"model": model, "messages": _user("why?")})
        assert result.text(key="reasoning_content"), model
    plain = stream_chat({"model": "gpt-4o-mini", "messages": _user("why?")})
    assert plain.text(key="reasoning_content") == ""


def test_think_model_puts_reasoning_in_think_tags(stream_chat: Any) -> None:
    text = stream_chat({"model": "demo-think", "messages": _user("think first")}).text()
    assert text.startswith("<think>\n")
    thought, answer = text.split("</think>", 1)
    assert "think first" in thought
    assert "```python" in answer


def test_non_streaming_completion_has_message_and_usage(
    base_url: str, client: httpx.Client
) -> None:
    response = client.post(
        f"{base_url}/chat/completions",
        json={"model": "deepseek-reasoner", "messages": _user("Hi"), "unknown_field": [1, 2]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "chat.completion"
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant"
    assert "```javascript" in choice["message"]["content"]
    assert choice["message"]["reasoning_content"]
    assert choice["finish_reason"] == "stop"
    usage = body["usage"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] > 0
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_n_candidates_each_finish_and_differ(stream_chat: Any) -> None:
    result = stream_chat({"model": "demo-chat", "n": 3, "messages": _user("three ways")})
    assert result.finishes() == {0: "stop", 1: "stop", 2: "stop"}
    texts = [result.text(i) for i in range(3)]
    assert len(set(texts)) == 3
    assert "Draft 2 of 3" in texts[1]
    roles = [
        c["index"] for chunk in result.chunks for c in chunk["choices"] if "role" in c["delta"]
    ]
    assert sorted(roles) == [0, 1, 2]


def test_demo_tokens_sets_the_answer_length(stream_chat: Any) -> None:
    result = stream_chat({"model": "demo-chat", "demo_tokens": 1500, "messages": _user("long")})
    assert count_tokens(result.text()) == 1500
    short = stream_chat({"model": "demo-chat", "demo_tokens": 20, "messages": _user("short")})
    assert count_tokens(short.text()) == 20


def test_paced_stream_gives_the_same_text(stream_chat: Any) -> None:
    body = {"model": "demo-chat", "demo_tokens": 40, "messages": _user("paced")}
    fast = stream_chat(body).text()
    paced = stream_chat({**body, "demo_token_rate": 2000}).text()
    assert fast == paced


def test_max_tokens_cuts_with_finish_length(stream_chat: Any) -> None:
    result = stream_chat({"model": "demo-chat", "max_tokens": 10, "messages": _user("cut me")})
    assert count_tokens(result.text()) == 10
    assert result.finishes() == {0: "length"}


def test_malformed_json_is_an_openai_style_400(base_url: str, client: httpx.Client) -> None:
    response = client.post(
        f"{base_url}/chat/completions",
        content=b'{"model": "demo-chat", "messages": [',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert "JSON" in error["message"]


def test_missing_messages_and_bad_n_are_400(base_url: str, client: httpx.Client) -> None:
    missing = client.post(f"{base_url}/chat/completions", json={"model": "demo-chat"})
    assert missing.status_code == 400
    assert missing.json()["error"]["param"] == "messages"
    bad_n = client.post(
        f"{base_url}/chat/completions",
        json={"model": "demo-chat", "n": 0, "messages": _user("x")},
    )
    assert bad_n.status_code == 400
    no_model = client.post(f"{base_url}/chat/completions", json={"messages": _user("x")})
    assert no_model.status_code == 400


def test_unknown_path_is_a_json_404(base_url: str, client: httpx.Client) -> None:
    response = client.post(f"{base_url}/completions-typo", json={})
    assert response.status_code == 404
    assert "Invalid URL" in response.json()["error"]["message"]
    wrong_method = client.get(f"{base_url}/chat/completions")
    assert wrong_method.status_code == 405
