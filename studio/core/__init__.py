"""The workflows the window and the command line share, as plain async code without Qt.

``chat`` (a conversation and its turns), ``images`` (an image job), ``relay`` (which relay
a process talks to) and ``language`` (which language it speaks). They take the stores and an
API client through their constructors, yield typed events and return problems as codes or
error objects; the layers above put them into words.
"""
