"""Test-session set-up shared by the suite and the docs' snippets."""

from __future__ import annotations

import os

# Keras 3 must see its backend before it is first imported, in tests and in snippets.
os.environ.setdefault("KERAS_BACKEND", "torch")

from hypothesis import HealthCheck, settings

from tests.docs_collection import docs, docstrings

settings.register_profile(
    "paramref",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("paramref")

pytest_collect_file = (docs + docstrings).pytest()
