# mutant: executor.map inside one try: the first exception ends the loop and the urls after it get no outcome
# expect-fail: test_http_errors, test_connection_errors, test_one_bad_url_never_loses_the_others
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


def download_all(urls, max_workers=5, timeout=1.0, deadline=5.0):
    outcomes = {}
    with ThreadPoolExecutor(max_workers=max_workers) as executor:
        sizes = executor.map(fetch_size, urls, [timeout] * len(urls), timeout=deadline)
        url = None
        try:
            for url, size in zip(urls, sizes):
                outcomes[url] = size
        except requests.RequestException as error:
            outcomes[url] = classify(error)
        except TimeoutError:
            for url in urls:
                outcomes.setdefault(url, CANCELLED)
    return outcomes
