"""The baseline: a bare Flask hello-world, served by the gateway's gunicorn settings."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/hello")
    def hello():
        return {"hello": "Gorontalo"}

    return app
