# mutant: calls result() right after each submit(): a thread pool, but one download at a time
# expect-fail: test_runs_max_workers_downloads_at_once
import time
from concurrent.futures import ThreadPoolExecutor

import requests

HTTP_ERROR = "http error"
CONNECTION_ERROR = "connection error"
TIMEOUT = "timeout"
CANCELLED = "cancelled"


def fetch_size(url, timeout):
    response = requests.get(url, timeout=timeout)
    response.raise_for_status()
    return len(response.content)


def classify(error):
    if isinstance(error, requests.HTTPError):
        return HTTP_ERROR
    if isinstance(error, requests.Timeout):
        return TIMEOUT
    return CONNECTION_ERROR


def outcome(future):
    try:
        return future.result()
    except requests.RequestException as error:
        return classify(error)


def download_all(urls, max_workers=5, timeout=1.0, deadline=5.0):
    outcomes = {}
    end = time.monotonic() + deadline
    with ThreadPoolExecutor(max_workers=max_workers) as executor:
        for url in urls:
            if time.monotonic() > end:
                outcomes[url] = CANCELLED
                continue
            future = executor.submit(fetch_size, url, timeout)
            outcomes[url] = outcome(future)
    return outcomes
