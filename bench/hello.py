"""The baseline for requests per second: a bare Flask route, served the same way as the portal."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
