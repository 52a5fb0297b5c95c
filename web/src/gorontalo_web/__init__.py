"""Gorontalo Satu: the residents' web app (Flask, server-rendered), reaching the platform only through the gateway."""

from .app import create_app

__all__ = ["create_app"]
