"""The course's local web: real HTTP on 127.0.0.1, with latency and faults
the graders control and counters they read (see :mod:`conclab.web.server`).

Names are imported lazily: the pytest plugin imports :mod:`conclab.web.loopback`
in every run, and most runs never need aiohttp.
"""
import importlib

_WHERE = {"FAULTS": "server", "LocalWeb": "server", "Meeting": "server",
          "LISTING_PATH": "site", "WIKI_TITLES": "site", "Movie": "site", "Site": "site",
          "Traffic": "traffic"}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module 'conclab.web' has no attribute {name!r}")
    return getattr(importlib.import_module(f"conclab.web.{_WHERE[name]}"), name)
