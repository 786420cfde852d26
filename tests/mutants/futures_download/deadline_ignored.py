# mutant: no deadline: as_completed(futures) without a timeout waits for every download, however long
# expect-fail: test_deadline_cancels_what_has_not_started, test_running_downloads_end_with_their_own_outcome
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
        to_do = {executor.submit(fetch_size, url, timeout): url for url in urls}
        for future in as_completed(to_do):
            outcomes[to_do[future]] = outcome(future)
    return outcomes
