# alternative: one requests.Session per thread (threading.local) so each worker reuses its connection; executor.map read with a list comprehension
# expect: full
import concurrent.futures
import threading

import requests

TIMEOUT = 5.0
_local = threading.local()


def _session():
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def download_one(url):
    with _session().get(url, timeout=TIMEOUT) as response:
        response.raise_for_status()
        return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers) as executor:
        sizes = [size for size in executor.map(download_one, urls)]
    return {url: size for url, size in zip(urls, sizes)}
