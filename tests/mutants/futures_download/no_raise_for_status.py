# mutant: no raise_for_status(): a 500 or 404 answer is counted as a page and its error body's size reported
# expect-fail: test_fetch_size_raises_for_http_errors, test_http_errors
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout

import requests

HTTP_ERROR = "http error"
CONNECTION_ERROR = "connection error"
TIMEOUT = "timeout"
CANCELLED = "cancelled"


def fetch_size(url, timeout):
    response = requests.get(url, timeout=timeout)
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
    with ThreadPoolExecutor(max_workers=max_workers) as executor:
        to_do = {executor.submit(fetch_size, url, timeout): url for url in urls}
        try:
            for future in as_completed(to_do, timeout=deadline):
                outcomes[to_do[future]] = outcome(future)
        except FuturesTimeout:
            for future in to_do:
                future.cancel()
    for future, url in to_do.items():
        if url not in outcomes:
            outcomes[url] = CANCELLED if future.cancelled() else outcome(future)
    return outcomes
