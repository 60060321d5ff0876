"""Studio: a desktop chat and image studio for OpenAI-compatible API relays."""

__version__ = "0.1.0"
