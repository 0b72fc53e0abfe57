"""The yardstick for benchmarks/load.py: one Flask route that answers a short page.

Served by gunicorn exactly as the portal is, in the same run, so each page's throughput
can be given as a share of what Flask itself manages on the same machine at that moment.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "<!doctype html><title>Hello</title><p>Hello, world.</p>"
