"""cramps topic: model (pure functions) and widget (explorers)."""
