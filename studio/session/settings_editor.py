"""The settings being edited: a working copy of :class:`Settings`, keys, and relay probes.

:class:`SettingsSession` is what the Settings dialog reads and changes. Edits go to a working
copy; nothing reaches disk until :meth:`SettingsSession.save`, which writes settings.json
(never a key) and the keys (to the :class:`~studio.config.secrets.SecretStore`), then emits
``saved``. :meth:`SettingsSession.revert` throws the edits away.

"Test connection" and "Fetch models" call ``GET /v1/models`` through a short-lived
:class:`~studio.api.client.ApiClient` in an asyncio task the session keeps (cancellable).

Prices per model live in ``Settings.extra["prices"]``, keyed by provider id and model id::

    {"prices": {"openai": {"gpt-4o": {"input": 2.5, "output": 10.0}}}}

(amounts per one million tokens, in the currency the relay bills in); :func:`model_price`
reads one.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from studio.api.client import ApiClient
from studio.api.errors import ApiError, redact
from studio.api.provider import InvalidBaseUrl, normalize_base_url
from studio.config.providers import ProviderSettings, preset, slugify
from studio.config.resolve import ResolvedProvider
from studio.config.secrets import SecretStore
from studio.config.settings import Settings, SettingsStore
from studio.core.relay import provider_config

log = logging.getLogger(__name__)

PRICES_KEY = "prices"


@dataclass(frozen=True)
class ModelPrice:
    """What a model costs per one million tokens (input = prompt, output = completion)."""

    input: float
    output: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """The cost of one exchange with these token counts."""
        return (prompt_tokens * self.input + completion_tokens * self.output) / 1_000_000


def _price_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return float(value)


def provider_prices(settings: Settings, provider_id: str) -> dict[str, ModelPrice]:
    """The prices set for ``provider_id``'s models (ill-formed entries are skipped)."""
    table = settings.extra.get(PRICES_KEY)
    entries = table.get(provider_id) if isinstance(table, dict) else None
    if not isinstance(entries, dict):
        return {}
    found: dict[str, ModelPrice] = {}
    for model, raw in entries.items():
        if not isinstance(model, str) or not model or not isinstance(raw, dict):
            continue
        price_in = _price_number(raw.get("input"))
        price_out = _price_number(raw.get("output"))
        if price_in is not None and price_out is not None:
            found[model] = ModelPrice(price_in, price_out)
    return found


def set_provider_prices(
    settings: Settings, provider_id: str, prices: dict[str, ModelPrice]
) -> None:
    """Replace ``provider_id``'s prices in ``settings.extra`` (an empty dict removes them)."""
    table = settings.extra.get(PRICES_KEY)
    table = dict(table) if isinstance(table, dict) else {}
    if prices:
        table[provider_id] = {
            model: {"input": price.input, "output": price.output} for model, price in prices.items()
        }
    else:
        table.pop(provider_id, None)
    if table:
        settings.extra[PRICES_KEY] = table
    else:
        settings.extra.pop(PRICES_KEY, None)


def resolved_endpoint(base_url: str) -> str | None:
    """The API root Studio will call for ``base_url``, or ``None`` if it is not usable."""
    try:
        return normalize_base_url(base_url)
    except InvalidBaseUrl:
        return None


def model_price(settings: Settings, provider_id: str, model: str) -> ModelPrice | None:
    """The price of ``model`` on ``provider_id``, or ``None`` when none was set."""
    return provider_prices(settings, provider_id).get(model)


class SettingsSession(QObject):
    """A working copy of the settings and keys, saved on request; probes relays.

    Signals:
        saved(Settings): the settings were written (a copy, safe to keep).
        connection_tested(str, bool, str, list): provider id, success, a one-line message
            (model count and endpoint, or the error; never the key) and the model ids.
        models_fetched(str, list): provider id and the ids now stored in its ``models``.
        busy_changed(str, bool): a probe of the provider with this id started or ended.
    """

    saved = Signal(object)
    connection_tested = Signal(str, bool, str, list)
    models_fetched = Signal(str, list)
    busy_changed = Signal(str, bool)

    def __init__(
        self,
        store: SettingsStore,
        secrets: SecretStore,
        settings: Settings | None = None,
        *,
        language: str = "en",
        demo_base_url: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Edit ``settings`` (or what ``store`` holds); ``language`` is for relay errors
        (``en``/``zh_CN``); ``demo_base_url`` is the running demo relay, if any, so the demo
        provider can be tested too."""
        super().__init__(parent)
        self._store = store
        self._secrets = secrets
        self._language = language
        self._demo_base_url = demo_base_url
        self._settings = copy.deepcopy(settings) if settings is not None else store.load()
        self._keys: dict[str, str] = {}
        self._removed: set[str] = set()
        self._task: asyncio.Task[None] | None = None
        self._busy_id = ""
        self._generation = 0
        self._details = ""

    # -- reading ---------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The working copy (edit it in place; :meth:`save` writes it)."""
        return self._settings

    @property
    def uses_keyring(self) -> bool:
        """True when keys go to the system keyring."""
        return self._secrets.uses_keyring

    @property
    def keyring_name(self) -> str:
        """The keyring backend's name (``"file"`` without a keyring)."""
        return self._secrets.backend_name

    @property
    def key_file(self) -> Path:
        """The user-only key file used where there is no keyring."""
        return self._secrets.fallback_path

    @property
    def demo_base_url(self) -> str | None:
        """The running demo relay's address, if any."""
        return self._demo_base_url

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The running (or last) probe."""
        return self._task

    @property
    def busy(self) -> bool:
        """True while a probe runs."""
        return bool(self._busy_id)

    @property
    def busy_provider(self) -> str:
        """The id of the provider being probed ("" when idle)."""
        return self._busy_id

    @property
    def last_details(self) -> str:
        """The copyable details of the last failed probe (keys redacted)."""
        return self._details

    def key(self, provider_id: str) -> str:
        """The key being edited for ``provider_id``, else the stored one, else ""."""
        if provider_id in self._keys:
            return self._keys[provider_id]
        if provider_id in self._removed:
            return ""
        return self._secrets.get(provider_id) or ""

    # -- editing ---------------------------------------------------------------------------

    def set_key(self, provider_id: str, key: str) -> None:
        """Remember ``key`` for ``provider_id`` until :meth:`save` (empty: forget it)."""
        self._keys[provider_id] = key.strip()

    def add_provider(self, preset_id: str | None = None, name: str = "") -> ProviderSettings:
        """Add a copy of a preset (or an empty custom provider named ``name``); returns it."""
        if preset_id:
            provider = preset(preset_id)
        else:
            provider = ProviderSettings(id=slugify(name or "custom"), name=name, base_url="")
        provider.id = self._unique_id(provider.id)
        provider.name = self._unique_name(provider.name)
        self._settings.providers.append(provider)
        self._removed.discard(provider.id)
        return provider

    def duplicate_provider(self, provider_id: str, name: str) -> ProviderSettings:
        """Add a copy of ``provider_id`` (key included) named ``name``; returns it."""
        original = self._require(provider_id)
        provider = original.copy()
        provider.id = self._unique_id(original.id)
        provider.name = self._unique_name(name)
        self._settings.providers.append(provider)
        self._removed.discard(provider.id)
        key = self.key(provider_id)
        if key:
            self._keys[provider.id] = key
        prices = provider_prices(self._settings, provider_id)
        if prices:
            set_provider_prices(self._settings, provider.id, prices)
        return provider

    def remove_provider(self, provider_id: str) -> None:
        """Remove a provider (its key and prices go on save); the last one cannot go."""
        provider = self._require(provider_id)
        if len(self._settings.providers) <= 1:
            raise ValueError("the last provider cannot be removed")
        self._settings.providers.remove(provider)
        self._keys.pop(provider_id, None)
        self._removed.add(provider_id)
        set_provider_prices(self._settings, provider_id, {})
        if self._settings.active_provider == provider_id:
            self._settings.active_provider = self._settings.providers[0].id

    def set_active(self, provider_id: str) -> None:
        """Make ``provider_id`` the provider Studio talks to."""
        self._require(provider_id)
        self._settings.active_provider = provider_id

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the settings and the keys, then emit ``saved`` with a copy."""
        for provider_id in sorted(self._removed):
            if self._settings.provider(provider_id) is None:
                self._secrets.delete(provider_id)
        for provider_id, key in self._keys.items():
            if self._settings.provider(provider_id) is not None:
                self._secrets.set(provider_id, key)
        self._store.save(self._settings)
        self._keys.clear()
        self._removed.clear()
        self.saved.emit(copy.deepcopy(self._settings))

    def revert(self) -> None:
        """Forget every unsaved edit: reload the settings, drop typed keys, stop a probe."""
        self.cancel()
        self._settings = self._store.load()
        self._keys.clear()
        self._removed.clear()

    # -- probing ---------------------------------------------------------------------------

    def test_connection(self, provider: ProviderSettings, key: str) -> None:
        """Ask the relay for its models with these (possibly unsaved) settings.

        The answer arrives as ``connection_tested``; a probe already running is cancelled.
        """
        self._start(provider.copy(), key.strip(), store=False)

    def fetch_models(self, provider: ProviderSettings, key: str) -> None:
        """Like :meth:`test_connection`, and store the ids in the provider's ``models``."""
        self._start(provider.copy(), key.strip(), store=True)

    def cancel(self) -> None:
        """Stop a running probe (no ``connection_tested`` follows; ``busy_changed`` does)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        # A task cancelled before its first step never runs its own clean-up, so the busy
        # state ends here; the generation tells a late-finishing probe that it is stale.
        self._generation += 1
        self._set_busy("")

    def _start(self, provider: ProviderSettings, key: str, *, store: bool) -> None:
        self.cancel()
        self._generation += 1
        self._set_busy(provider.id)
        probe = self._probe(provider, key, store, self._generation)
        self._task = asyncio.get_running_loop().create_task(probe)

    async def _probe(
        self, provider: ProviderSettings, key: str, store: bool, generation: int
    ) -> None:
        ok, message, ids = await self._list_models(provider, key)
        if generation != self._generation:  # cancelled or replaced meanwhile
            return
        self._set_busy("")
        if ok and store:
            target = self._settings.provider(provider.id)
            if target is not None:
                target.models = list(ids)
                if not target.default_model and ids:
                    target.default_model = ids[0]
        self.connection_tested.emit(provider.id, ok, message, ids)
        if ok and store:
            self.models_fetched.emit(provider.id, ids)

    async def _list_models(
        self, provider: ProviderSettings, key: str
    ) -> tuple[bool, str, list[str]]:
        base_url = provider.base_url.strip()
        if not base_url and provider.is_demo_preset and self._demo_base_url:
            base_url = self._demo_base_url
        resolved = ResolvedProvider(
            settings=replace(provider, base_url=base_url),
            api_key=key,
            is_demo=provider.is_demo_preset and not provider.base_url.strip(),
        )
        config = provider_config(resolved)
        try:
            endpoint = config.api_root
        except InvalidBaseUrl:
            message = self.tr(
                "The base URL is not valid. Enter it as https://host or https://host/v1."
            )
            self._details = message
            return False, message, []
        client = ApiClient(config, language=self._language)
        try:
            models = await client.list_models()
        except ApiError as error:
            self._details = redact(error.copyable_details(), key)
            return False, redact(error.one_line(), key), []
        except Exception as error:  # a bug: say so rather than spin forever
            log.exception("testing the connection failed")
            message = redact(f"{type(error).__name__}: {error}", key)
            self._details = message
            return False, message, []
        finally:
            await client.aclose()
        ids = [m.id for m in models if m.id]
        self._details = ""
        message = self.tr("Connected: {count} models at {endpoint}").format(
            count=len(ids), endpoint=endpoint
        )
        return True, message, ids

    def _set_busy(self, provider_id: str) -> None:
        previous = self._busy_id
        self._busy_id = provider_id
        if previous and previous != provider_id:
            self.busy_changed.emit(previous, False)
        if provider_id and provider_id != previous:
            self.busy_changed.emit(provider_id, True)

    # -- helpers ---------------------------------------------------------------------------

    def _require(self, provider_id: str) -> ProviderSettings:
        found = self._settings.provider(provider_id)
        if found is None:
            raise KeyError(provider_id)
        return found

    def _unique_id(self, wanted: str) -> str:
        taken = {p.id for p in self._settings.providers}
        if wanted not in taken:
            return wanted
        counter = 2
        while f"{wanted}-{counter}" in taken:
            counter += 1
        return f"{wanted}-{counter}"

    def _unique_name(self, wanted: str) -> str:
        taken = {p.name for p in self._settings.providers}
        if not wanted or wanted not in taken:
            return wanted
        counter = 2
        while f"{wanted} ({counter})" in taken:
            counter += 1
        return f"{wanted} ({counter})"
