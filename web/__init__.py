"""The web door: `thidua serve` (web/app.py), its accounts and pages."""
