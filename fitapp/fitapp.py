"""The Reflex app: stylesheet and page registration (the theme is set in rxconfig.py), and warming up the typed-answer reader."""

import asyncio
import os

import reflex as rx

from fitapp import routes
from fitapp.api import create_api
from fitapp.api.security_headers import websocket_origin_allowed
from fitapp.domain.interpret import warm_up
from fitapp.pages.accounts import sign_in_page, sign_up_page
from fitapp.pages.admin import analytics_page, incomplete_page, user_page
from fitapp.pages.home import home
from fitapp.pages.onboarding import onboarding_page
from fitapp.pages.profile import profile_page
from fitapp.pages.profile_changes import change_page, history_page
from fitapp.pages.system import system_page
from fitapp.state.accounts import AccountFormState
from fitapp.state.admin import AnalyticsState, IncompleteState, UserDetailState
from fitapp.state.conversation import ConversationState
from fitapp.state.outage_notice import backend_exception
from fitapp.state.profile import ProfileState
from fitapp.state.profile_changes import HistoryState, ProfileChangeState
from fitapp.state.session import SessionState
from fitapp.state.system import SystemState

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
    api_transformer=create_api(),
    backend_exception_handler=backend_exception,
)
# Reflex gives Socket.IO the CORS list, and an empty list turns its Origin check off: check it here.
app.sio.eio.cors_allowed_origins = websocket_origin_allowed


@app.register_lifespan_task
async def warm_up_typed_answers() -> None:
    """The typed-answer reader loads pint, dateparser and friends (about 1 s): at start, in a worker
    thread, not on the first user's answer. In each server worker, after it is started: a thread
    started at import would be forked mid-import into the workers and leave them a held lock."""
    await asyncio.to_thread(warm_up)


app.add_page(home, route=routes.HOME, title="FitApp — your personal coach", on_load=SessionState.redirect_signed_in)
app.add_page(sign_up_page, route=routes.SIGN_UP, title="Create your account · FitApp",
             on_load=[SessionState.redirect_signed_in, AccountFormState.clear_error])
app.add_page(sign_in_page, route=routes.SIGN_IN, title="Sign in · FitApp",
             on_load=[SessionState.redirect_signed_in, AccountFormState.clear_error])
app.add_page(onboarding_page, route=routes.ONBOARDING, title="Set up your plan · FitApp", on_load=ConversationState.load)
app.add_page(profile_page, route=routes.PROFILE, title="Your plan · FitApp", on_load=ProfileState.load)
app.add_page(change_page, route=routes.PROFILE_CHANGE, title="Request a change · FitApp", on_load=ProfileChangeState.load)
app.add_page(incomplete_page, route=routes.ADMIN, title="Admin · Incomplete onboardings", on_load=IncompleteState.load)
app.add_page(user_page, route=routes.ADMIN_USER, title="Admin · User", on_load=UserDetailState.load)
app.add_page(analytics_page, route=routes.ADMIN_ANALYTICS, title="Admin · Funnel analytics", on_load=AnalyticsState.load)
app.add_page(system_page, route=routes.ADMIN_SYSTEM, title="Admin · System health", on_load=SystemState.load)
app.add_page(history_page, route=routes.PROFILE_HISTORY, title="History · FitApp", on_load=HistoryState.load)

if os.environ.get("FITAPP_BENCHMARK_PAGE") == "1":
    from fitapp.pages.bench import bench_floor_page

    app.add_page(bench_floor_page, route="/bench-floor", title="Benchmark floor")
