"""The tools panel: built-in tools to switch on, and the user's functions to enable.

Built-in tools run inside Studio. The user's functions are only described to the model (name,
description, parameters as JSON Schema); when the model calls one, the conversation asks the
user for the result. They are defined once, in the library every chat shares
(:class:`~studio.session.chat.FunctionLibrarySession`), and ticked per chat: the list shows
every library function with a check box (Space toggles it). A function defined for one chat
only (``studio chat --tools``, or from an upgraded history) is listed after them, marked so;
saving it from the editor moves it into the library.

The panel edits any :class:`~studio.session.chat.ChatOptions`: a stored chat, a new chat
before its first message, or an assistant in Settings (``manage`` False: functions are only
ticked there, not defined). Every change goes through ``set_tools``, which checks the whole
set; its complaints are shown in the status line or under the editor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from studio.session.chat import (
    CALCULATOR_TOOL,
    TIME_TOOL,
    ChatOptions,
    FunctionLibrarySession,
    FunctionNameTaken,
    FunctionRecord,
    ToolRegistry,
    ToolSpec,
    ToolSpecError,
)
from studio.ui.chat.function_editor import TEMPLATE, FunctionEditor, parameters_problem
from studio.ui.chat.panel_parts import build_shell, button, card, label, named

__all__ = ["TEMPLATE", "ToolsPanel", "parameters_problem"]

SUMMARY_LENGTH = 70
LIST_ROWS = 5
ROLE_KEY = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Entry:
    """One row of the list: a library function (``function_id``) or one of this chat's own
    functions (``own``: its index in ``tools.user``)."""

    spec: ToolSpec
    function_id: int | None = None
    own: int | None = None

    @property
    def key(self) -> str:
        """What selects the row again after the list is rebuilt."""
        return f"id:{self.function_id}" if self.function_id is not None else f"own:{self.spec.name}"


@dataclass(frozen=True)
class Removed:
    """What Undo brings back: a deleted library function (enabled here or not) or one of this
    chat's own functions (at ``row``)."""

    spec: ToolSpec
    record: FunctionRecord | None = None
    enabled: bool = False
    row: int = 0


class ToolsPanel(QWidget):
    """The tools of one chat; :meth:`bind` chooses which (None: disabled).

    ``registry`` supplies the built-in tools (the app passes the one its sessions use).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        registry: ToolRegistry | None = None,
        manage: bool = True,
    ) -> None:
        super().__init__(parent)
        self._registry = registry if registry is not None else ToolRegistry()
        self._manage = manage
        self._session: ChatOptions | None = None
        self._library: FunctionLibrarySession | None = None
        self._entries: list[Entry] = []
        self._editing: Entry | None = None  # None with the editor open: a new function
        self._removed: Removed | None = None
        self._loading = False
        self.shell = build_shell(
            self,
            "tools",
            self.tr("Open a conversation to choose its tools."),
            self.tr("Tools of this conversation"),
        )
        self.scroll_area, self.status = self.shell.scroll_area, self.shell.status
        self.unbound_hint = self.shell.unbound_hint
        self.shell.body.addWidget(self._build_builtin_card(self.shell.content))
        self.shell.body.addWidget(self._build_user_card(self.shell.content))
        self.shell.body.addStretch(1)
        self.undo_button = button(
            self, "undoRemoveToolButton", self.tr("Undo"), self.tr("Undo removing the function")
        )
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.shell.footer.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        self.shell.fit_width()
        self.bind(None)

    # ---- building ------------------------------------------------------------------------

    def _build_builtin_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "builtinToolsCard")
        layout.addWidget(label(self.tr("Built-in tools"), frame, role="sectionTitle"))
        hint = self.tr("Studio runs these by itself and sends back the result.")
        layout.addWidget(label(hint, frame, role="hint"))
        self.builtin_checks: dict[str, QCheckBox] = {}
        texts = {
            TIME_TOOL: (
                self.tr("Current date and time"),
                self.tr("The date, time, time zone and day of the week, in any time zone."),
            ),
            CALCULATOR_TOOL: (
                self.tr("Calculator"),
                self.tr(
                    "Exact arithmetic: + − × ÷, powers, roots, logarithms, trigonometry, so "
                    "the model need not guess."
                ),
            ),
        }
        for name in self._registry.builtin_names():
            tool = self._registry.builtin(name)
            title, description = texts.get(name, (name, tool.spec.description if tool else ""))
            tip = self.tr("Function name: {name}").format(name=name)
            check = named(QCheckBox(title, frame), f"builtinTool_{name}", title, tip)
            check.toggled.connect(self._on_builtin_toggled)
            note = label(description, frame, role="hint")
            note.setContentsMargins(24, 0, 0, 4)
            self.builtin_checks[name] = check
            layout.addWidget(check, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(note)
        return frame

    def _build_user_card(self, parent: QWidget) -> QFrame:
        frame, layout = card(parent, "userToolsCard")
        layout.addWidget(label(self.tr("Your functions"), frame, role="sectionTitle"))
        if self._manage:
            explanation = self.tr(
                "Defined once for all your chats: tick the ones this chat may call. When the "
                "model calls one, Studio asks you for the result."
            )
        else:
            explanation = self.tr(
                "Tick the functions this assistant offers. Define new ones in the Tools panel "
                "of any chat."
            )
        layout.addWidget(label(explanation, frame, role="hint", name="userToolsExplanation"))
        self.tool_list = named(QListWidget(frame), "userToolList", self.tr("Your functions"))
        self.tool_list.setWordWrap(True)
        self.tool_list.currentRowChanged.connect(self._update_buttons)
        self.tool_list.itemChanged.connect(self._on_tool_list_item_changed)
        if self._manage:
            self.tool_list.itemActivated.connect(self._on_tool_list_item_activated)  # Enter
            self.tool_list.itemDoubleClicked.connect(self._on_tool_list_item_activated)
            remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tool_list)
            remove.setContext(Qt.ShortcutContext.WidgetShortcut)
            remove.activated.connect(self._on_remove_button_clicked)
        empty = (
            self.tr("No functions yet. Add one, for example get_weather(location).")
            if self._manage
            else self.tr("No functions yet. Add them in the Tools panel of a chat.")
        )
        self.empty_label = label(empty, frame, role="hint", name="userToolsEmpty")
        self.add_button = button(frame, "addToolButton", self.tr("Add"), self.tr("Add a function"))
        self.edit_button = button(
            frame, "editToolButton", self.tr("Edit"), self.tr("Edit the selected function")
        )
        self.duplicate_button = button(
            frame,
            "duplicateToolButton",
            self.tr("Duplicate"),
            self.tr("Duplicate the selected function"),
        )
        self.remove_button = button(
            frame, "removeToolButton", self.tr("Delete"), self.tr("Delete the selected function")
        )
        self.remove_button.setToolTip(
            self.tr("Delete the function from your library (no chat offers it any more)")
        )
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for widget in (self.add_button, self.edit_button, self.duplicate_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        self.editor = FunctionEditor(frame)
        self.editor.save_requested.connect(self.save_function)
        self.editor.cancelled.connect(self.close_editor)
        self.editor_title = self.editor.title
        self.name_edit = self.editor.name_edit
        self.name_hint = self.editor.name_hint
        self.description_edit = self.editor.description_edit
        self.parameters = self.editor.parameters
        self.template_button = self.editor.template_button
        self.errors_label = self.editor.errors_label
        self.save_button = self.editor.save_button
        self.cancel_button = self.editor.cancel_button
        layout.addWidget(self.tool_list)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.editor)
        for widget in (self.add_button, self.edit_button, self.duplicate_button):
            widget.setVisible(self._manage)
        self.remove_button.setVisible(self._manage)
        return frame

    # ---- public --------------------------------------------------------------------------

    @property
    def session(self) -> ChatOptions | None:
        """The chat (or assistant) shown, if any."""
        return self._session

    def bind(self, session: ChatOptions | None) -> None:
        """Show and edit ``session``'s tools (None: nothing to edit; the panel is disabled)."""
        if session is self._session and session is not None:
            return
        old = self._session
        if old is not None:
            old.settings_changed.disconnect(self._on_session_settings_changed)
            old.destroyed.disconnect(self._on_session_destroyed)
        library = session.library if session is not None else None
        if library is not self._library:
            if self._library is not None:
                self._library.changed.disconnect(self._on_library_changed)
            if library is not None:
                library.changed.connect(self._on_library_changed)
            self._library = library
        self._session = session
        self.close_editor()
        self._forget_removed()
        self.status.clear_status()
        if session is not None:
            session.settings_changed.connect(self._on_session_settings_changed)
            session.destroyed.connect(self._on_session_destroyed)
        self._load()
        self.shell.set_bound(session is not None)

    def open_editor(self, index: int | None = None) -> None:
        """Edit the function in row ``index`` (None: a new function)."""
        if not self._manage:
            return
        entry = (
            self._entries[index] if index is not None and 0 <= index < len(self._entries) else None
        )
        self._editing = entry
        self.editor.open(entry.spec if entry else None, new=entry is None)
        if index is not None and entry is not None:
            self.tool_list.setCurrentRow(index)
        self.scroll_area.ensureWidgetVisible(self.editor)

    def close_editor(self) -> None:
        """Close the function editor without saving."""
        self._editing = None
        self.editor.show_errors([])
        self.editor.hide()

    def save_function(self) -> bool:
        """Check the function in the editor and save it: into the library (enabled in this
        chat when new), or for this chat only when there is no library."""
        session = self._session
        if session is None or not self.editor.isVisible():
            return False
        spec = self.editor.spec()
        if spec is None:
            return False
        entry = self._editing
        library = self._library
        if library is None:
            ok = self._save_own(session, spec, entry)
        else:
            ok = self._save_to_library(session, library, spec, entry)
        if not ok:
            return False
        self.close_editor()
        self._load()
        self._select_name(spec.name)
        self.status.show_saved(self.tr("Saved {name}").format(name=spec.name))
        return True

    # ---- saving --------------------------------------------------------------------------

    def _save_own(self, session: ChatOptions, spec: ToolSpec, entry: Entry | None) -> bool:
        own = list(session.settings.tools.user)
        if entry is not None and entry.own is not None:
            own[entry.own] = spec
        else:
            own.append(spec)
        return self._apply(own=own, errors_in_editor=True)

    def _save_to_library(
        self,
        session: ChatOptions,
        library: FunctionLibrarySession,
        spec: ToolSpec,
        entry: Entry | None,
    ) -> bool:
        own = list(session.settings.tools.user)
        clash = [s.name for i, s in enumerate(own) if entry is None or entry.own != i]
        if spec.name in clash:
            self.editor.show_errors([self._taken_text(spec.name, builtin=False)])
            return False
        try:
            if entry is not None and entry.function_id is not None:
                library.update(entry.function_id, spec)
                return True
            added = library.add(spec)
        except FunctionNameTaken as exc:
            self.editor.show_errors([self._taken_text(exc.name, builtin=exc.builtin)])
            return False
        except ToolSpecError as exc:
            self.editor.show_errors(exc.errors)
            return False
        except KeyError:
            self.editor.show_errors([self.tr("This function was deleted meanwhile.")])
            return False
        if entry is not None and entry.own is not None:
            del own[entry.own]  # moved into the library
        return self._apply(own=own, functions=[*self._enabled_ids(), added.id])

    def _apply(
        self,
        *,
        own: Sequence[ToolSpec] | None = None,
        functions: Sequence[int] | None = None,
        errors_in_editor: bool = False,
    ) -> bool:
        session = self._session
        if session is None:
            return False
        tools = session.settings.tools
        try:
            session.set_tools(
                self._checked_builtins(),
                tools.user if own is None else own,
                self._enabled_ids() if functions is None else functions,
            )
        except ValueError as exc:  # ToolSpecError lists every problem
            errors = exc.errors if isinstance(exc, ToolSpecError) else [str(exc)]
            if errors_in_editor:
                self.editor.show_errors(errors)
            else:
                self.status.show_error("\n".join(errors))
            self._load()
            return False
        self._load()
        return True

    def _taken_text(self, name: str, *, builtin: bool) -> str:
        if builtin:
            return self.tr("{name} is the name of a built-in tool; choose another name.").format(
                name=name
            )
        return self.tr(
            "Your functions already have one called {name}; choose another name."
        ).format(name=name)

    # ---- reading -------------------------------------------------------------------------

    def _checked_builtins(self) -> list[str]:
        return [name for name, check in self.builtin_checks.items() if check.isChecked()]

    def _library_ids(self) -> set[int]:
        return {e.function_id for e in self._entries if e.function_id is not None}

    def _enabled_ids(self) -> list[int]:
        """The library functions ticked for this chat (deleted ones left out)."""
        if self._session is None:
            return []
        known = self._library_ids()
        return [i for i in self._session.settings.tools.functions if i in known]

    def _current_entry(self) -> Entry | None:
        row = self.tool_list.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    # ---- showing -------------------------------------------------------------------------

    def _load(self) -> None:
        session = self._session
        tools = session.settings.tools if session is not None else None
        entries: list[Entry] = []
        if self._library is not None:
            entries = [Entry(f.spec, function_id=f.id) for f in self._library.functions()]
        if tools is not None:
            entries.extend(Entry(spec, own=i) for i, spec in enumerate(tools.user))
        current = self._current_entry()
        keep = current.key if current is not None else None
        self._loading = True
        try:
            for name, check in self.builtin_checks.items():
                check.setChecked(tools is not None and name in tools.builtins)
            self._entries = entries
            enabled = set(tools.functions) if tools is not None else set()
            self.tool_list.clear()
            for entry in entries:
                on = entry.own is not None or entry.function_id in enabled
                self.tool_list.addItem(self._item(entry, on))
        finally:
            self._loading = False
        if keep is not None:
            self._select_key(keep)
        rows = self.tool_list.count()
        self.empty_label.setVisible(rows == 0)
        self.tool_list.setVisible(rows > 0)
        if rows:
            shown = sum(self.tool_list.sizeHintForRow(r) for r in range(min(rows, LIST_ROWS)))
            self.tool_list.setFixedHeight(shown + 2 * self.tool_list.frameWidth() + 8)
        self._update_buttons()

    def _item(self, entry: Entry, on: bool) -> QListWidgetItem:
        spec = entry.spec
        summary = " ".join(spec.description.split())
        if len(summary) > SUMMARY_LENGTH:
            summary = summary[: SUMMARY_LENGTH - 1] + "…"
        names = ", ".join(str(p) for p in dict(spec.parameters.get("properties") or {}))
        head = f"{spec.name}({names})"
        if entry.own is not None:
            head += " · " + self.tr("this chat only")
        item = QListWidgetItem(head + (f"\n{summary}" if summary else ""))
        item.setData(ROLE_KEY, entry.key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        tip = spec.description or spec.name
        if entry.own is not None:
            tip += "\n" + self.tr(
                "Defined for this chat only; edit and save it to add it to your functions."
            )
        item.setToolTip(tip)
        return item

    def _select_key(self, key: str) -> None:
        for row in range(self.tool_list.count()):
            item = self.tool_list.item(row)
            if item is not None and item.data(ROLE_KEY) == key:
                self.tool_list.setCurrentRow(row)
                return

    def _select_name(self, name: str) -> None:
        for row, entry in enumerate(self._entries):
            if entry.spec.name == name:
                self.tool_list.setCurrentRow(row)
                return

    def _update_buttons(self, *_args: object) -> None:
        selected = self._current_entry() is not None
        for widget in (self.edit_button, self.duplicate_button, self.remove_button):
            widget.setEnabled(selected)

    def _forget_removed(self) -> None:
        self._removed = None
        self.undo_button.hide()

    def _show_undo(self, removed: Removed) -> None:
        self._removed = removed
        self.undo_button.show()
        self.status.show_saved(self.tr("Removed {name}").format(name=removed.spec.name))

    # ---- events --------------------------------------------------------------------------

    def _on_builtin_toggled(self, _on: bool) -> None:
        if not self._loading and self._apply():
            self.status.show_saved()

    def _on_tool_list_item_changed(self, item: QListWidgetItem) -> None:
        if self._loading or self._session is None:
            return
        row = self.tool_list.row(item)
        if not 0 <= row < len(self._entries):
            return
        entry = self._entries[row]
        on = item.checkState() == Qt.CheckState.Checked
        if entry.own is not None:
            if not on:
                self._remove_own(entry)
            return
        assert entry.function_id is not None
        ids = [i for i in self._enabled_ids() if i != entry.function_id]
        if on:
            ids.append(entry.function_id)
        if self._apply(functions=ids):
            self._select_key(entry.key)
            self.status.show_saved()

    def _on_add_button_clicked(self) -> None:
        self.open_editor(None)

    def _on_edit_button_clicked(self) -> None:
        if self.tool_list.currentRow() >= 0:
            self.open_editor(self.tool_list.currentRow())

    def _on_tool_list_item_activated(self, item: QListWidgetItem) -> None:
        self.open_editor(self.tool_list.row(item))

    def _on_duplicate_button_clicked(self) -> None:
        entry = self._current_entry()
        session = self._session
        if entry is None or session is None:
            return
        taken = {e.spec.name for e in self._entries} | set(self._registry.builtin_names())
        original = entry.spec
        names = (f"{original.name[:56]}_copy{n if n > 1 else ''}" for n in count(1))
        name = next(n for n in names if n not in taken)
        copy = ToolSpec(name, original.description, dict(original.parameters))
        if self._library is not None and entry.function_id is not None:
            try:
                added = self._library.add(copy)
            except ToolSpecError as exc:
                self.status.show_error("\n".join(exc.errors))
                return
            ok = self._apply(functions=[*self._enabled_ids(), added.id])
        else:
            own = list(session.settings.tools.user)
            own.insert((entry.own or 0) + 1, copy)
            ok = self._apply(own=own)
        if ok:
            self._select_name(name)
            self.status.show_saved(self.tr("Added {name}").format(name=name))

    def _on_remove_button_clicked(self) -> None:
        entry = self._current_entry()
        if entry is None or self._session is None:
            return
        if self._editing is not None or self.editor.isVisible():
            self.close_editor()
        if entry.own is not None:
            self._remove_own(entry)
            return
        assert entry.function_id is not None and self._library is not None
        enabled = entry.function_id in self._session.settings.tools.functions
        record = self._library.remove(entry.function_id)
        if record is not None:
            self._show_undo(Removed(entry.spec, record=record, enabled=enabled))

    def _remove_own(self, entry: Entry) -> None:
        session = self._session
        assert session is not None and entry.own is not None
        own = list(session.settings.tools.user)
        removed = own.pop(entry.own)
        if self._apply(own=own):
            self._show_undo(Removed(removed, row=entry.own))

    def _on_undo_button_clicked(self) -> None:
        removed, session = self._removed, self._session
        if removed is None or session is None:
            return
        if removed.record is not None and self._library is not None:
            try:
                restored = self._library.restore(removed.record)
            except ToolSpecError as exc:
                self.status.show_error("\n".join(exc.errors))
                return
            ids = self._enabled_ids()
            if removed.enabled and restored.id not in ids:
                self._apply(functions=[*ids, restored.id])
            ok = True
        else:
            own = list(session.settings.tools.user)
            own.insert(min(removed.row, len(own)), removed.spec)
            ok = self._apply(own=own)
        if ok:
            self._forget_removed()
            self._select_name(removed.spec.name)
            self.status.show_saved(self.tr("Restored {name}").format(name=removed.spec.name))

    def _on_library_changed(self) -> None:
        self._load()

    def _on_session_settings_changed(self) -> None:
        self._load()

    def _on_session_destroyed(self, _obj: QObject | None = None) -> None:
        self._session = None
        if self._library is not None:  # (the library may be closing too: not read again)
            with contextlib.suppress(RuntimeError):
                self._library.changed.disconnect(self._on_library_changed)
            self._library = None
        self.close_editor()
        self._forget_removed()
        self._load()
        self.shell.set_bound(False)
