"""``conclab demo downloads``: the seed's comparison, measured on the local web.

The seed notes download the same 15 Wikipedia pages three ways -- one after
another, with a thread pool, with asyncio and aiohttp -- and compare the
times in prose.  This runs the three against the local web, where every page
takes the same latency, and prints the times side by side with what the
server saw: how many requests were in flight at once, and how many TCP
connections were opened.
"""
from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import aiohttp
import requests

from conclab.web.server import LocalWeb


@dataclass
class Run:
    name: str
    how: str
    seconds: float
    bytes: int
    most_at_once: int
    connections: int


def serial(urls: list[str], workers: int) -> int:
    # One requests.Session: the fair serial baseline reuses its connection.
    with requests.Session() as session:
        return sum(len(session.get(url, timeout=10).content) for url in urls)


def threads(urls: list[str], workers: int) -> int:
    def one(url):
        return len(requests.get(url, timeout=10).content)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(one, urls))


def asyncio_aiohttp(urls: list[str], workers: int) -> int:
    async def main():
        async with aiohttp.ClientSession() as session:   # one session: one connection pool
            async def one(url):
                async with session.get(url) as response:
                    return len(await response.read())
            return sum(await asyncio.gather(*(one(url) for url in urls)))
    return asyncio.run(main())


WAYS = [
    ("serial", "requests, one by one", serial),
    ("threads", "{workers} threads + requests", threads),
    ("asyncio", "aiohttp, gather all", asyncio_aiohttp),
]


def compare(latency: float = 0.1, workers: int = 5, seed: int = 0) -> list[Run]:
    """Download the 15 wiki pages each way; one :class:`Run` per way, in order."""
    runs = []
    with LocalWeb(seed=seed) as web:
        urls = web.wiki_urls()
        expected = sum(web.wiki_sizes().values())
        for name, how, fn in WAYS:
            web.reset()
            web.set_latency(latency)
            start = time.perf_counter()
            got = fn(urls, workers)
            seconds = time.perf_counter() - start
            if got != expected:
                raise RuntimeError(f"{name} read {got} bytes, expected {expected}")
            runs.append(Run(name, how.format(workers=workers), seconds, got,
                            web.traffic.max_in_flight, web.traffic.connections))
    return runs


def table(runs: list[Run], latency: float):
    from rich.table import Table
    t = Table(title=f"15 downloads, {latency * 1000:.0f} ms each, from the local web")
    for column in ("way", "how", "seconds", "speedup", "in flight", "connections"):
        t.add_column(column, justify="left" if column in ("way", "how") else "right")
    base = runs[0].seconds
    for run in runs:
        t.add_row(run.name, run.how, f"{run.seconds:.2f}", f"{base / run.seconds:.1f}x",
                  str(run.most_at_once), str(run.connections))
    return t
