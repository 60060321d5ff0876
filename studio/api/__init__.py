"""The async service layer: chat, models and images over httpx. No Qt, no SQLite.

Public surface: :class:`~studio.api.client.ApiClient`,
:class:`~studio.api.provider.ProviderConfig`, :class:`~studio.api.chat.ChatRequest`,
:func:`~studio.api.chat.collect_chat`, the events in :mod:`studio.api.events` and the
errors in :mod:`studio.api.errors`.
"""
