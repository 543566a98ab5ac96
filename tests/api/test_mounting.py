"""Mounted into Reflex as rx.App(api_transformer=create_api()): Reflex mounts its backend at ""
under our app, so our routes must stay under /api/v1 and everything else must reach Reflex."""

from __future__ import annotations

from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from fitapp.api import create_api


def test_every_api_route_lives_under_api_v1():
    paths = set(create_api().openapi()["paths"])

    assert paths and all(path.startswith("/api/v1/") for path in paths)


def test_reflex_endpoints_still_answer_when_mounted_like_reflex_does():
    reflex_backend = Starlette(routes=[
        Route("/ping", lambda request: PlainTextResponse("pong")),
        Route("/_health", lambda request: PlainTextResponse("healthy")),
    ])
    api = create_api()
    api.mount("", reflex_backend)  # what App.__call__ does with a Starlette api_transformer
    client = TestClient(api)

    assert client.get("/ping").text == "pong"
    assert client.get("/_health").text == "healthy"
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "FitApp API"
    assert client.get("/api/v1/users/00000000-0000-0000-0000-000000000000/profile").status_code == 401


def test_a_wrong_method_is_a_405_whose_allow_names_every_method_of_the_path():
    from fastapi.testclient import TestClient

    from fitapp.api import create_api

    response = TestClient(create_api()).delete("/api/v1/users/00000000-0000-0000-0000-000000000000/profile")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PATCH"
    assert response.json() == {"detail": "This path does not take that method."}
