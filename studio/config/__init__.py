"""Configuration: data paths, provider settings, secrets (keyring) and provider resolution.

Nothing here imports Qt or httpx. The composition root (``studio/app.py``) builds a
:class:`~studio.config.paths.DataPaths`, a :class:`~studio.config.settings.SettingsStore`
and a :class:`~studio.config.secrets.SecretStore`, then calls
:func:`~studio.config.resolve.resolve_provider` to learn which relay to talk to.
"""
