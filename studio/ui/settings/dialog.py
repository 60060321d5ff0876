"""The Settings dialog: pages on the left (Providers, Appearance, Chat, Assistants), OK /
Cancel / Apply."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.session.chat import NAME_LIMIT, AssistantError, AssistantProblem, AssistantsEditor
from studio.session.settings_editor import SettingsSession
from studio.ui.common.resources import icon
from studio.ui.settings.appearance_page import AppearancePage
from studio.ui.settings.assistants_page import AssistantsPage
from studio.ui.settings.chat_settings_page import ChatSettingsPage
from studio.ui.settings.parts import role_label
from studio.ui.settings.providers_page import ProvidersPage
from studio.ui.settings.style import settings_stylesheet
from studio.ui.settings.validation import Code, problem_text, provider_problems

PAGE_LIST_WIDTH = 180
# The provider form tab that holds the field of each kind of problem.
PROBLEM_TABS = {
    Code.PROXY_EMPTY: 2,
    Code.PROXY_SCHEME: 2,
    Code.PROXY_HOST: 2,
    Code.PROXY_PORT: 2,
    Code.HEADER_CREDENTIAL: 3,
    Code.HEADER_NAME: 3,
    Code.HEADER_VALUE: 3,
}


class SettingsDialog(QDialog):
    """Edits the settings held by ``session``; OK and Apply save, Cancel discards.

    Saving is refused (OK and Apply disabled, the reason shown) while a provider has a
    problem, such as an invalid base URL or proxy address, or an assistant does (no name, a
    name used twice). ``assistants`` is the working copy of the assistants (the Assistants
    page is shown with it); ``models`` are the relay's models an assistant can pick.
    """

    def __init__(
        self,
        session: SettingsSession,
        parent: QWidget | None = None,
        *,
        assistants: AssistantsEditor | None = None,
        models: Iterable[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setStyleSheet(settings_stylesheet(self.palette()))
        self._session = session
        self._assistants = assistants
        self._dirty = False
        self.page_list = QListWidget(self)
        self.page_list.setObjectName("settingsPageList")
        self.page_list.setAccessibleName(self.tr("Settings pages"))
        self.page_list.setFixedWidth(PAGE_LIST_WIDTH)
        self.page_list.setIconSize(QSize(18, 18))
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("settingsPages")
        self.providers_page = ProvidersPage(session, self)
        self.appearance_page = AppearancePage(session, self)
        self.chat_page = ChatSettingsPage(session, self)
        self.assistants_page = (
            AssistantsPage(assistants, models, self) if assistants is not None else None
        )
        color = self.palette().color(QPalette.ColorRole.WindowText)
        self._titles: list[str] = []
        pages: list[tuple[QWidget, str, str]] = [
            (self.providers_page, self.tr("Providers"), "sparkle"),
            (self.appearance_page, self.tr("Appearance"), "image"),
            (self.chat_page, self.tr("Chat"), "chat"),
        ]
        if self.assistants_page is not None:
            pages.append((self.assistants_page, self.tr("Assistants"), "new_chat"))
        for page, title, icon_name in pages:
            self.page_list.addItem(QListWidgetItem(icon(icon_name, color), title))
            self.pages.addWidget(page)
            self._titles.append(title)
            page.edited.connect(self._on_page_edited)  # type: ignore[attr-defined]
        self.title_label = role_label("", "pageTitle", self, "settingsPageTitle")
        self.problem_label = QLabel("", self)
        self.problem_label.setObjectName("settingsProblemLabel")
        self.problem_label.setAccessibleName(self.tr("Why the settings cannot be saved"))
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_problem_button = QToolButton(self)
        self.show_problem_button.setObjectName("showProblemButton")
        self.show_problem_button.setProperty("flatButton", True)
        self.show_problem_button.setText(self.tr("Show me"))
        self.show_problem_button.setAccessibleName(self.tr("Show the field to fix"))
        self.show_problem_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_problem_button.clicked.connect(self._on_show_problem_clicked)
        self._problem_at: tuple[str, int] | None = None
        self._assistant_at: int | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.buttons.setObjectName("settingsButtons")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setAccessibleName(self.tr("Save and close"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName(self.tr("Close without saving"))
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setAccessibleName(self.tr("Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.problem_label, 1)
        bottom.addWidget(self.show_problem_button)
        bottom.addWidget(self.buttons)
        right = QVBoxLayout()
        right.setContentsMargins(20, 16, 20, 14)
        right.setSpacing(12)
        right.addWidget(self.title_label)
        right.addWidget(self.pages, 1)
        right.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.page_list)
        layout.addLayout(right, 1)

        self.page_list.currentRowChanged.connect(self._on_page_list_row_changed)
        self.page_list.setCurrentRow(0)
        self.resize(980, 660)
        self._update_problems()

    # -- public ------------------------------------------------------------------------------

    @property
    def session(self) -> SettingsSession:
        """The session whose settings are edited."""
        return self._session

    @property
    def problem(self) -> str:
        """Why saving is refused now ("" when the settings can be saved)."""
        return self.problem_label.text() if not self.ok_button.isEnabled() else ""

    def show_page(self, index: int) -> None:
        """Show page ``index`` (0 Providers, 1 Appearance, 2 Chat, 3 Assistants)."""
        self.page_list.setCurrentRow(index)

    def apply(self) -> bool:
        """Save now, keeping the dialog open; False when refused or failed."""
        if self.assistants_page is not None:
            self.assistants_page.flush()
        self._update_problems()
        if not self.ok_button.isEnabled():
            return False
        try:
            self._session.save()
        except OSError as error:
            self.problem_label.setText(
                self.tr("Could not save the settings: {error}").format(
                    error=error.strerror or type(error).__name__
                )
            )
            return False
        if self._assistants is not None and self._assistants.dirty:
            try:
                self._assistants.save()
            except AssistantError as error:  # another window took a name meanwhile
                self._show_assistant_problem(error.problems[0])
                return False
        self._dirty = False
        self._update_problems()
        return True

    # -- QDialog -----------------------------------------------------------------------------

    def accept(self) -> None:
        """Save, then close (stays open if saving is refused)."""
        if self.apply():
            self._session.cancel()
            super().accept()

    def reject(self) -> None:
        """Discard every unsaved change and close (also what Esc and the close box do)."""
        self._session.revert()
        self._dirty = False
        # The session now holds fresh copies: show them, in case the dialog is opened again.
        self.providers_page.reload()
        self.appearance_page.load()
        self.chat_page.load()
        if self._assistants is not None and self.assistants_page is not None:
            self._assistants.revert()
            self.assistants_page.load()
        self._update_problems()
        super().reject()

    # -- slots -------------------------------------------------------------------------------

    def _update_problems(self) -> None:
        message = ""
        self._problem_at = None
        self._assistant_at = None
        for provider in self._session.settings.providers:
            found = provider_problems(provider)
            if found:
                name = provider.name or provider.id
                message = self.tr("{provider}: {problem}").format(
                    provider=name, problem=problem_text(found[0])
                )
                self._problem_at = (provider.id, PROBLEM_TABS.get(found[0].code, 0))
                break
        if not message and self._assistants is not None:
            problems = self._assistants.problems()
            if problems:
                message = self._assistant_problem_text(problems[0])
                self._assistant_at = self._assistant_key(problems[0])
        self.problem_label.setText(message)
        self.show_problem_button.setVisible(bool(message))
        self.ok_button.setEnabled(not message)
        self.apply_button.setEnabled(not message and self._dirty)

    def _assistant_problem_text(self, problem: AssistantProblem) -> str:
        name = problem.name
        if problem.code == "name_empty":
            return self.tr("An assistant has no name: give it one.")
        if problem.code == "name_long":
            return self.tr(
                "The assistant name “{name}” is too long: {limit} characters at most."
            ).format(name=name, limit=NAME_LIMIT)
        if problem.code == "name_taken":
            return self.tr("Two assistants are called “{name}”: give each its own name.").format(
                name=name
            )
        return self.tr("Assistant “{name}”: {problem}").format(
            name=name, problem=" ".join(problem.details)
        )

    def _assistant_key(self, problem: AssistantProblem) -> int | None:
        if self._assistants is None:
            return None
        wanted = " ".join(problem.name.split()).casefold()
        matches = [
            i for i in self._assistants.items if " ".join(i.name.split()).casefold() == wanted
        ]
        return matches[-1].key if matches else None

    def _show_assistant_problem(self, problem: AssistantProblem) -> None:
        self.problem_label.setText(self._assistant_problem_text(problem))
        self._assistant_at = self._assistant_key(problem)
        self.show_problem_button.setVisible(True)

    def _on_show_problem_clicked(self) -> None:
        if self._assistant_at is not None and self.assistants_page is not None:
            self.show_page(self.pages.indexOf(self.assistants_page))
            self.assistants_page.select(self._assistant_at)
            return
        if self._problem_at is None:
            return
        provider_id, tab = self._problem_at
        self.show_page(0)
        self.providers_page.select(provider_id)
        self.providers_page.form.tabs.setCurrentIndex(tab)

    def _on_page_edited(self) -> None:
        self._dirty = True
        self._update_problems()

    def _on_page_list_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._titles):
            self.pages.setCurrentIndex(row)
            self.title_label.setText(self._titles[row])
