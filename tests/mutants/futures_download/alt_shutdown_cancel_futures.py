# alternative: no with block: as_completed until the deadline, then executor.shutdown(wait=True, cancel_futures=True); a done-callback records each outcome
# expect: full
import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout

import requests

HTTP_ERROR = "http error"
CONNECTION_ERROR = "connection error"
TIMEOUT = "timeout"
CANCELLED = "cancelled"


def fetch_size(url, timeout):
    response = requests.get(url, timeout=(timeout, timeout))
    if response.status_code >= 400:
        raise requests.HTTPError(f"{response.status_code} for {url}", response=response)
    return len(response.content)


def classify(error):
    kinds = [(requests.HTTPError, HTTP_ERROR), (requests.Timeout, TIMEOUT),
             (requests.RequestException, CONNECTION_ERROR)]
    return next(kind for cls, kind in kinds if isinstance(error, cls))


def download_all(urls, max_workers=5, timeout=1.0, deadline=5.0):
    outcomes = {}
    lock = threading.Lock()

    def record(url):
        def done(future):
            try:
                value = future.result()
            except CancelledError:
                value = CANCELLED
            except requests.RequestException as error:
                value = classify(error)
            with lock:
                outcomes[url] = value
        return done

    executor = ThreadPoolExecutor(max_workers=max_workers)
    futures = []
    for url in urls:
        future = executor.submit(fetch_size, url, timeout)
        future.add_done_callback(record(url))
        futures.append(future)
    try:
        for _ in as_completed(futures, timeout=deadline):
            pass
    except FuturesTimeout:
        pass
    executor.shutdown(wait=True, cancel_futures=True)
    return {url: outcomes[url] for url in urls}
