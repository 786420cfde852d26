# mutant: asyncio.gather of coroutines that call the blocking fn directly: the event loop runs them one by one
# expect-fail: test_io_calls_overlap
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    async def one(item):
        return fn(item)  # blocks the whole event loop until fn returns

    async def main():
        return await asyncio.gather(*(one(item) for item in items))

    return list(asyncio.run(main()))


def run_cpu_batch(fn, items, workers=2):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))
