"""muscle_growth topic: model (pure functions) and widget (explorers)."""
