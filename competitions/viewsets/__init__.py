"""Admin view sets of the competitions app (the organiser's work in Wagtail)."""
