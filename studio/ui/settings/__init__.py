"""The Settings dialog: providers (relays, keys, proxy, timeouts, prices), appearance, chat.

Open it from the main window with a :class:`~studio.session.settings_editor.SettingsSession` built
from the app's stores (the dialog never touches files or the network itself)::

    from studio.session.settings_editor import SettingsSession
    from studio.ui.settings import SettingsDialog

    session = SettingsSession(
        settings_store,              # SettingsStore(paths.settings_file)
        secret_store,                # SecretStore(paths.secrets_file)
        settings,                    # the Settings loaded at start-up (copied, not changed)
        language=language,           # "en" / "zh_CN": language of relay error messages
        demo_base_url=relay_url if choice.use_demo else None,
        parent=window,
    )
    session.saved.connect(on_settings_saved)  # e.g. apply_theme(app, saved.theme)
    dialog = SettingsDialog(session, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()                    # window-modal; prefer open() to exec() under qasync

OK saves and closes, Apply saves, Cancel (or Esc, or the close box) discards every edit.
Keys go to the ``SecretStore`` (the system keyring, else a user-only file), never to
settings.json. A language change takes effect after a restart; the dialog says so.
"""

from studio.ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
