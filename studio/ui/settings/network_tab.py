"""The provider form's network tab: proxy (system / none / custom), timeouts and image jobs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from studio.config.providers import MAX_IMAGE_JOBS, PROXY_MODES, ProviderSettings
from studio.ui.settings.parts import role_label, set_invalid, set_state
from studio.ui.settings.validation import problem_text, proxy_problem


class NetworkTab(QWidget):
    """How requests to one relay travel, and how long Studio waits.

    Signals:
        edited(): a field of the provider changed (already written to it).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._provider: ProviderSettings | None = None
        self._loading = False
        self.proxy_mode_combo = QComboBox(self)
        self.proxy_mode_combo.setObjectName("proxyModeCombo")
        self.proxy_mode_combo.setAccessibleName(self.tr("Proxy"))
        self.proxy_mode_combo.addItem(self.tr("Use the system proxy"), "system")
        self.proxy_mode_combo.addItem(self.tr("No proxy (direct connection)"), "none")
        self.proxy_mode_combo.addItem(self.tr("Custom proxy"), "explicit")
        self.proxy_url_edit = QLineEdit(self)
        self.proxy_url_edit.setObjectName("proxyUrlEdit")
        self.proxy_url_edit.setAccessibleName(self.tr("Proxy address"))
        self.proxy_url_edit.setPlaceholderText(
            self.tr("http://127.0.0.1:7890 or socks5://host:1080")
        )
        self.proxy_hint = role_label("", "hint", self, "proxyHint")
        self.proxy_hint.setAccessibleName(self.tr("Proxy address problem"))
        self.connect_spin = self._spin(
            "connectTimeoutSpin", self.tr("Connection timeout in seconds"), 1, 300
        )
        self.stream_spin = self._spin(
            "streamTimeoutSpin", self.tr("Stream idle timeout in seconds"), 5, 3600
        )
        self.image_spin = self._spin(
            "imageTimeoutSpin", self.tr("Image timeout in seconds"), 10, 3600
        )
        self.image_jobs_spin = QSpinBox(self)
        self.image_jobs_spin.setObjectName("imageJobsSpin")
        self.image_jobs_spin.setAccessibleName(self.tr("Image jobs at the same time"))
        self.image_jobs_spin.setRange(1, MAX_IMAGE_JOBS)
        self.image_jobs_spin.setFixedWidth(130)

        proxy_box = QVBoxLayout()
        proxy_box.setSpacing(6)
        proxy_box.addWidget(self.proxy_mode_combo)
        proxy_box.addWidget(self.proxy_url_edit)
        proxy_box.addWidget(self.proxy_hint)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Proxy"), proxy_box)
        form.addRow(role_label(self.tr("Timeouts"), "section", self))
        form.addRow(self.tr("Connect"), self.connect_spin)
        form.addRow(self.tr("Stream idle"), self.stream_spin)
        form.addRow(self.tr("Image"), self.image_spin)
        form.addRow(
            role_label(
                self.tr(
                    "Stream idle is the longest silence allowed while an answer streams; "
                    "image generation can take minutes on busy relays."
                ),
                "hint",
                self,
            ),
        )
        form.addRow(role_label(self.tr("Image studio"), "section", self))
        form.addRow(self.tr("Jobs at once"), self.image_jobs_spin)
        form.addRow(
            role_label(
                self.tr(
                    "How many pictures this relay generates at the same time; "
                    "further jobs wait in the queue."
                ),
                "hint",
                self,
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(form)
        layout.addStretch(1)

        self.proxy_mode_combo.currentIndexChanged.connect(self._on_proxy_mode_changed)
        self.proxy_url_edit.textEdited.connect(self._on_proxy_url_edit_text_edited)
        self.connect_spin.valueChanged.connect(self._on_timeout_changed)
        self.stream_spin.valueChanged.connect(self._on_timeout_changed)
        self.image_spin.valueChanged.connect(self._on_timeout_changed)
        self.image_jobs_spin.valueChanged.connect(self._on_image_jobs_changed)

    def load(self, provider: ProviderSettings) -> None:
        """Show ``provider`` (edits are written into it)."""
        self._loading = True
        self._provider = provider
        index = self.proxy_mode_combo.findData(provider.proxy_mode)
        self.proxy_mode_combo.setCurrentIndex(max(0, index))
        self.proxy_url_edit.setText(provider.proxy_url)
        self.connect_spin.setValue(round(provider.connect_timeout))
        self.stream_spin.setValue(round(provider.read_timeout))
        self.image_spin.setValue(round(provider.image_timeout))
        self.image_jobs_spin.setValue(provider.image_jobs)
        self._loading = False
        self._update_proxy()

    def _spin(self, name: str, accessible: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setRange(low, high)
        spin.setSuffix(self.tr(" s"))
        spin.setFixedWidth(130)
        return spin

    def _update_proxy(self) -> None:
        provider = self._provider
        explicit = provider is not None and provider.proxy_mode == "explicit"
        self.proxy_url_edit.setEnabled(explicit)
        self.proxy_url_edit.setVisible(explicit)
        problem = proxy_problem(provider.proxy_url) if explicit and provider else None
        set_invalid(self.proxy_url_edit, problem is not None)
        if problem is not None:
            self.proxy_hint.setText(problem_text(problem))
            set_state(self.proxy_hint, "error")
        else:
            mode = provider.proxy_mode if provider else "system"
            texts = {
                "system": self.tr("Follows the proxy set in your system or HTTPS_PROXY."),
                "none": self.tr("Connects directly, ignoring any system proxy."),
                "explicit": self.tr("http, https, socks5 and socks5h proxies are supported."),
            }
            self.proxy_hint.setText(texts.get(mode, ""))
            set_state(self.proxy_hint, "")

    def _on_proxy_mode_changed(self, _index: int) -> None:
        mode = self.proxy_mode_combo.currentData()
        if self._provider is None or self._loading or mode not in PROXY_MODES:
            return
        self._provider.proxy_mode = mode
        self._update_proxy()
        if mode == "explicit":
            self.proxy_url_edit.setFocus()
        self.edited.emit()

    def _on_proxy_url_edit_text_edited(self, text: str) -> None:
        if self._provider is not None:
            self._provider.proxy_url = text.strip()
            self._update_proxy()
            self.edited.emit()

    def _on_timeout_changed(self, _value: int) -> None:
        if self._provider is None or self._loading:
            return
        self._provider.connect_timeout = float(self.connect_spin.value())
        self._provider.read_timeout = float(self.stream_spin.value())
        self._provider.image_timeout = float(self.image_spin.value())
        self.edited.emit()

    def _on_image_jobs_changed(self, value: int) -> None:
        if self._provider is None or self._loading:
            return
        self._provider.image_jobs = int(value)
        self.edited.emit()
