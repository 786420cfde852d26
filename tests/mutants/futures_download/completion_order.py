# mutant: zips the urls with as_completed(...): results come in the order the downloads finish, so sizes land on the wrong urls
# expect-fail: test_every_page_gets_its_own_size
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout

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
    with ThreadPoolExecutor(max_workers=max_workers) as executor:
        futures = [executor.submit(fetch_size, url, timeout) for url in urls]
        try:
            for url, future in zip(urls, as_completed(futures, timeout=deadline)):
                outcomes[url] = outcome(future)
        except FuturesTimeout:
            for future in futures:
                future.cancel()
    for url, future in zip(urls, futures):
        if url not in outcomes:
            outcomes[url] = CANCELLED if future.cancelled() else outcome(future)
    return outcomes
