"""The Edit page: canvas, mask tools, compare view and the side panels."""
