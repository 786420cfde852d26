# mutant: every error lumped into one kind: whatever went wrong, the url is a "connection error"
# expect-fail: test_classify_each_kind, test_classify_connect_timeout_is_a_timeout, test_http_errors, test_a_stalled_server_is_a_timeout
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
    # it didn't work: the connection must have failed
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
