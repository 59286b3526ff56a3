"""Rulebooks shipped with thidua: a documented default and the seed bloc's."""
