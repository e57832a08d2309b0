"""The roof of the house: what reads every app and that no app imports.

The URL configuration, the demo loader, the talent profile and other cross-app
reads (and, to come, dashboards, statistics reports and the API). The rest of
``lms`` is the ground below every app; ``make lint`` (import-linter) keeps it so.
"""
