"""Permission-scoped reads of the training programme."""
