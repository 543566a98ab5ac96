"""Presenters: service results turned into the strings and rows a screen shows (no Reflex, no database).

Between ``services`` (which return typed results) and ``state`` (which holds display values):
a state calls a service, passes the result to a presenter here and stores what comes back.
Kept out of the states so every screen's wording and formatting is unit-testable without a browser.

- ``conversation``: the coach's transcript, suggestions, pre-filled forms and the review;
- ``profile``: profile snapshots and version diffs as labelled rows with units;
- ``lifestyle``: the profile page's check-ins, as table rows and chart points;
- ``admin``: the incomplete list, a user's detail and the funnel report;
- ``system``: the System health page's checks and figures;
- ``moments``: how a time is written (one format for admin tables, one for a member's history).
"""
