"""core: the workflows, no Qt."""
