"""User-facing texts of the service layer, in English and Simplified Chinese.

The service layer has no Qt, so it cannot use Qt's translator. Its few sentences live here,
keyed by a stable name; the caller picks the language once (``ApiClient(language=...)``).
"""

from __future__ import annotations

import re

_DOUBLE_STOP = re.compile(r"([.!?。！？])[.。]")

_CATALOG: dict[str, tuple[str, str]] = {
    "connect": (
        "Could not connect to {host}. Check the base URL, your network and the proxy setting.",
        "无法连接到 {host}。请检查接口地址、网络和代理设置。",
    ),
    "bad_url": (
        "The base URL “{url}” is not valid. Enter it as https://host or https://host/v1.",
        "接口地址“{url}”无效。请填写为 https://host 或 https://host/v1。",
    ),
    "timeout_connect": (
        "The server at {host} did not accept the connection within {seconds} s. "
        "Check the network or proxy.",
        "{host} 在 {seconds} 秒内没有接受连接。请检查网络或代理。",
    ),
    "timeout_read": (
        "The server sent nothing for {seconds} s. Try again, or raise the timeout in Settings.",
        "服务器 {seconds} 秒内没有任何响应。请重试，或在设置中调大超时时间。",
    ),
    "auth": (
        "Authentication failed: {server}. Check the API key in Settings.",
        "身份验证失败：{server}。请在设置中检查 API 密钥。",
    ),
    "quota": (
        "Out of credit or quota: {server}. Top up your account, then try again.",
        "额度或余额不足：{server}。请充值后再试。",
    ),
    "forbidden": (
        "Access denied: {server}. Check that your key may use this model.",
        "访问被拒绝：{server}。请确认该密钥可以使用此模型。",
    ),
    "model_not_found": (
        "Model not available on this relay: {server}. Pick another model or refresh the list.",
        "该中转站没有此模型：{server}。请换一个模型或刷新模型列表。",
    ),
    "wrong_base_url": (
        "The base URL looks wrong ({server}). Try one that ends in /v1, such as {hint}.",
        "接口地址似乎不正确（{server}）。请尝试以 /v1 结尾的地址，例如 {hint}。",
    ),
    "bad_request": (
        "The relay rejected the request (HTTP {status}): {server}",
        "中转站拒绝了请求（HTTP {status}）：{server}",
    ),
    "context_length": (
        "The conversation is too long for this model: {server}. "
        "Trim the history or start a new chat.",
        "对话超出了此模型的上下文长度：{server}。请精简历史或新建对话。",
    ),
    "too_large": (
        "Request too large (HTTP 413): reduce or compress the images, then try again.",
        "请求过大（HTTP 413）：请缩小或压缩图片后再试。",
    ),
    "too_large_said": (
        "Request too large (HTTP 413): {server}. Reduce or compress the images, then try again.",
        "请求过大（HTTP 413）：{server}。请缩小或压缩图片后再试。",
    ),
    "rate_limited": (
        "Rate limited (HTTP 429){server}. Try again in {wait}.",
        "请求过于频繁（HTTP 429）{server}。请在 {wait} 后再试。",
    ),
    "rate_limited_said": (
        "Rate limited (HTTP 429){server}.",
        "请求过于频繁（HTTP 429）{server}。",
    ),
    "rate_limited_now": (
        "Rate limited (HTTP 429){server}. Wait a moment, then try again.",
        "请求过于频繁（HTTP 429）{server}。请稍等片刻再试。",
    ),
    "server": (
        "The server had an error (HTTP {status}): {server}. Try again in a moment.",
        "服务器出错（HTTP {status}）：{server}。请稍后再试。",
    ),
    "upstream": (
        "Upstream error ({status}): {server}. Try again in a moment.",
        "上游错误（{status}）：{server}。请稍后再试。",
    ),
    "gateway": (
        "Gateway error HTTP {status} ({server}). The relay or its upstream is down; try again.",
        "网关错误 HTTP {status}（{server}）。中转站或其上游暂时不可用，请重试。",
    ),
    "gateway_timeout": (
        "Gateway error HTTP {status} (upstream too slow: {server}). Try again with streaming on.",
        "网关错误 HTTP {status}（上游太慢：{server}）。请开启流式输出后重试。",
    ),
    "not_supported": (
        "This relay does not support this feature: {server}.",
        "该中转站不支持此功能：{server}。",
    ),
    "json_schema_unsupported": (
        "This model or relay does not accept a JSON schema: {server}. "
        "Use JSON mode with the schema in the prompt instead.",
        "此模型或中转站不支持 JSON Schema：{server}。请改用 JSON 模式并把 Schema 写进提示词。",
    ),
    "moderation": (
        "Blocked by the safety system: {server}. Change the prompt and try again.",
        "被安全系统拦截：{server}。请修改提示词后再试。",
    ),
    "stream_error": (
        "The model stopped with an error: {server}",
        "模型输出时出错：{server}",
    ),
    "incomplete": (
        "The answer was cut off before it finished. Continue or retry to get the rest.",
        "回答在结束前被中断。请点击继续或重试以获取剩余内容。",
    ),
    "empty": (
        "Empty response from the server. Try again or pick another model.",
        "服务器返回了空回复。请重试或换一个模型。",
    ),
    "bad_response": (
        "The server sent a response Studio cannot read ({server}). Check the base URL.",
        "服务器返回了无法解析的内容（{server}）。请检查接口地址。",
    ),
    "relay_error": (
        "The relay reported an error: {server}",
        "中转站报告了错误：{server}",
    ),
    "http_other": (
        "The relay answered HTTP {status}: {server}",
        "中转站返回 HTTP {status}：{server}",
    ),
    "image_too_big": (
        "The image at {server} is larger than {limit} MB, so it was not downloaded.",
        "{server} 的图片超过 {limit} MB，已放弃下载。",
    ),
    "invalid_image_data": (
        "The relay sent image data that could not be decoded ({server}). Try again.",
        "中转站返回的图片数据无法解码（{server}）。请重试。",
    ),
    "image_download": (
        "Could not download the generated image ({server}). It may have expired; try again.",
        "无法下载生成的图片（{server}），链接可能已过期，请重试。",
    ),
    "no_images": (
        "The relay answered without any image. Try again or pick another model.",
        "中转站的回复中没有图片。请重试或换一个模型。",
    ),
    "image_async_task": (
        "The relay started a background task ({server}) instead of returning the image, "
        "and Studio cannot follow such tasks yet. Pick another model or relay.",
        "中转站返回了后台任务（{server}）而不是图片，Studio 暂不支持查询此类任务。"
        "请换一个模型或中转站。",
    ),
    "chat_text_only": (
        "The model answered with text only, no image: “{server}”. "
        "Ask for the image plainly in the prompt, or try another model.",
        "模型只回复了文字，没有图片：“{server}”。请在提示词中明确要求生成图片，或换一个模型。",
    ),
    "image_field_rejected": (
        "The relay refused the image field “{field}”: {server}",
        "中转站不接受图片字段“{field}”：{server}",
    ),
    "image_cut": (
        "The connection broke while the image was being received. It may already be billed; "
        "check your relay's usage log before trying again.",
        "接收图片时连接中断。该请求可能已经计费，重试前请先查看中转站的使用记录。",
    ),
    # Image addresses a person pasted or dropped (studio.api.urlfetch).
    "fetch_not_web": (
        "“{url}” is not an http or https address.",
        "“{url}”不是 http 或 https 地址。",
    ),
    "fetch_status": (
        "Could not fetch the image at {url}: the server answered HTTP {status}. "
        "Check the address, or send the URL as is.",
        "无法下载 {url} 的图片：服务器返回 HTTP {status}。请检查地址，或直接发送链接。",
    ),
    "fetch_timeout": (
        "Fetching the image at {url} took too long. Try again, download it and attach "
        "the file, or send the URL as is.",
        "下载 {url} 的图片超时。请重试，或下载后附加文件，或直接发送链接。",
    ),
    "fetch_failed": (
        "Could not fetch the image at {url} ({reason}). Check the address and your "
        "connection, or send the URL as is.",
        "无法下载 {url} 的图片（{reason}）。请检查地址和网络连接，或直接发送链接。",
    ),
    "fetch_too_big": (
        "The image at {url} is larger than {limit} MB. Download it and attach the file, "
        "or send the URL as is.",
        "{url} 的图片超过 {limit} MB。请下载后附加文件，或直接发送链接。",
    ),
    "fetch_reason_redirects": ("too many redirects", "重定向次数过多"),
    "fetch_reason_unreachable": ("the server could not be reached", "无法连接到服务器"),
    "fetch_reason_cut": ("the connection broke off", "连接中断"),
    "fetch_reason_proxy": ("the proxy refused the connection", "代理拒绝了连接"),
    "fetch_reason_other": ("network error: {name}", "网络错误：{name}"),
}

SUPPORTED_LANGUAGES = ("en", "zh_CN")


def text(key: str, language: str = "en", **params: object) -> str:
    """Return the sentence ``key`` in ``language`` with ``params`` filled in."""
    return _DOUBLE_STOP.sub(r"\1", template(key, language).format(**params))


def template(key: str, language: str = "en") -> str:
    """The sentence ``key`` in ``language`` unfilled, for callers that must show their
    parameters verbatim (an address is never tidied the way :func:`text` tidies)."""
    en, zh = _CATALOG[key]
    return zh if language.lower().startswith("zh") else en


def keys() -> list[str]:
    """Every message key (used by tests to check both languages are filled in)."""
    return sorted(_CATALOG)
