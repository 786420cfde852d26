# alternative: asyncio.to_thread under a Semaphore(workers) for I/O; ProcessPoolExecutor with submit for CPU
# expect: full
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    async def main():
        limit = asyncio.Semaphore(workers)

        async def one(item):
            async with limit:
                return await asyncio.to_thread(fn, item)

        return await asyncio.gather(*(one(item) for item in items))

    return list(asyncio.run(main()))


def run_cpu_batch(fn, items, workers=2):
    with ProcessPoolExecutor(workers) as executor:
        futures = [executor.submit(fn, item) for item in items]
        return [f.result() for f in futures]
