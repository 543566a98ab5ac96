"""REST API v1: parse -> service -> public schema; domain errors -> HTTP codes."""

from fitapp.api.app import create_api

__all__ = ["create_api"]
