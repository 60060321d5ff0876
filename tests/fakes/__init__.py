"""Loopback servers and scriptable fakes shared by the tests."""
