"""The Reflex app: stylesheet and page registration only (the theme is set in rxconfig.py)."""

import reflex as rx

from fitapp import routes
from fitapp.pages.home import home

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
)

app.add_page(home, route=routes.HOME, title="FitApp — your personal coach")
