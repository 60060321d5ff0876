"""The provider form's model tab: default model, vision models, image field, prices."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.config.providers import IMAGE_FIELDS, ProviderSettings
from studio.session.settings_editor import (
    ModelPrice,
    SettingsSession,
    provider_prices,
    set_provider_prices,
)
from studio.ui.settings.parts import role_label
from studio.ui.settings.prices_table import PricesTable


class ModelsTab(QWidget):
    """Which models the provider offers and how Studio uses them.

    Signals:
        edited(): a field of the provider changed (already written to it).
    """

    edited = Signal()

    def __init__(self, session: SettingsSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._provider: ProviderSettings | None = None
        self.default_model_combo = QComboBox(self)
        self.default_model_combo.setObjectName("defaultModelCombo")
        self.default_model_combo.setAccessibleName(self.tr("Default model"))
        self.default_model_combo.setEditable(True)
        self.default_model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.default_model_combo.setMaxVisibleItems(20)
        completer = self.default_model_combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        model_hint = role_label(
            self.tr("Type a name, or use Fetch models on the Connection tab to fill the list."),
            "hint",
            self,
        )
        self.image_field_combo = QComboBox(self)
        self.image_field_combo.setObjectName("imageFieldCombo")
        self.image_field_combo.setAccessibleName(self.tr("Field name for several images"))
        self.image_field_combo.addItem(self.tr("image[] (OpenAI style)"), "image[]")
        self.image_field_combo.addItem(self.tr("image (repeated field, many relays)"), "image")
        self.image_field_combo.setToolTip(
            self.tr("How image edits send several pictures; check your relay's documentation.")
        )
        self.vision_edit = QPlainTextEdit(self)
        self.vision_edit.setObjectName("visionModelsEdit")
        self.vision_edit.setAccessibleName(self.tr("Models that accept images"))
        self.vision_edit.setPlaceholderText(self.tr("One model per line, e.g. gpt-4o"))
        self.vision_edit.setTabChangesFocus(True)
        self.vision_edit.setFixedHeight(96)
        self.chat_images_edit = QPlainTextEdit(self)
        self.chat_images_edit.setObjectName("chatImageModelsEdit")
        self.chat_images_edit.setAccessibleName(self.tr("Image models served through chat"))
        self.chat_images_edit.setPlaceholderText(self.tr("One model per line, e.g. nano-banana"))
        self.chat_images_edit.setToolTip(
            self.tr(
                "Image models this relay serves through /v1/chat/completions rather than "
                "/v1/images/edits; check your relay's documentation."
            )
        )
        self.chat_images_edit.setTabChangesFocus(True)
        self.chat_images_edit.setFixedHeight(72)
        self.prices = PricesTable(self)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        default_box = QVBoxLayout()
        default_box.setSpacing(4)
        default_box.addWidget(self.default_model_combo)
        default_box.addWidget(model_hint)
        form.addRow(self.tr("Default model"), default_box)
        form.addRow(self.tr("Vision models"), self.vision_edit)
        form.addRow(self.tr("Multi-image field"), self.image_field_combo)
        form.addRow(self.tr("Image models via chat"), self.chat_images_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(role_label(self.tr("Prices"), "section", self))
        layout.addWidget(self.prices, 1)

        self.default_model_combo.currentTextChanged.connect(self._on_default_model_changed)
        self.image_field_combo.currentIndexChanged.connect(self._on_image_field_changed)
        self.vision_edit.textChanged.connect(self._on_vision_edit_text_changed)
        self.chat_images_edit.textChanged.connect(self._on_chat_images_text_changed)
        self.prices.prices_changed.connect(self._on_prices_changed)
        self._loading = False

    def load(self, provider: ProviderSettings) -> None:
        """Show ``provider`` (edits are written into it)."""
        self._loading = True
        self._provider = provider
        self.show_models(provider.models, provider.default_model)
        index = self.image_field_combo.findData(provider.image_field)
        self.image_field_combo.setCurrentIndex(max(0, index))
        self.vision_edit.setPlainText("\n".join(provider.vision_models))
        self.chat_images_edit.setPlainText("\n".join(provider.chat_image_models))
        self.prices.set_prices(
            provider_prices(self._session.settings, provider.id), provider.default_model
        )
        self._loading = False

    def show_models(self, models: list[str], current: str) -> None:
        """Fill the default-model list with ``models`` and select ``current``."""
        was_loading = self._loading
        self._loading = True
        self.default_model_combo.clear()
        self.default_model_combo.addItems(models)
        self.default_model_combo.setEditText(current)
        self._loading = was_loading

    def _on_default_model_changed(self, text: str) -> None:
        if self._provider is not None and not self._loading:
            self._provider.default_model = text.strip()
            self.edited.emit()

    def _on_image_field_changed(self, _index: int) -> None:
        value = self.image_field_combo.currentData()
        if self._provider is not None and not self._loading and value in IMAGE_FIELDS:
            self._provider.image_field = value
            self.edited.emit()

    def _on_vision_edit_text_changed(self) -> None:
        if self._provider is None or self._loading:
            return
        models: list[str] = []
        for line in self.vision_edit.toPlainText().splitlines():
            name = line.strip()
            if name and name not in models:
                models.append(name)
        self._provider.vision_models = models
        self.edited.emit()

    def _on_chat_images_text_changed(self) -> None:
        if self._provider is None or self._loading:
            return
        self._provider.chat_image_models = _lines(self.chat_images_edit.toPlainText())
        self.edited.emit()

    def _on_prices_changed(self, prices: dict[str, ModelPrice]) -> None:
        if self._provider is not None and not self._loading:
            set_provider_prices(self._session.settings, self._provider.id, prices)
            self.edited.emit()


def _lines(text: str) -> list[str]:
    """The distinct non-blank lines of ``text``, stripped, in order."""
    out: list[str] = []
    for line in text.splitlines():
        name = line.strip()
        if name and name not in out:
            out.append(name)
    return out
