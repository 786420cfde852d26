# mutant: keeps one pool per size in a global to "save starting threads": never shut down, its threads stay alive after download_all returns
# expect-fail: test_no_worker_thread_left_running
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)

_pools = {}


def download_all(urls, max_workers=5):
    urls = list(urls)
    if max_workers not in _pools:
        _pools[max_workers] = concurrent.futures.ThreadPoolExecutor(max_workers=max_workers)
    return dict(zip(urls, _pools[max_workers].map(download_one, urls)))
