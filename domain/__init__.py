"""thidua's write side: aggregates, events, commands, rulebook and the application."""
