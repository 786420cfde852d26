# alternative: concurrent.futures.wait(fs, timeout=deadline), then cancel what is not done; outcomes read with future.exception(); fetch_size reads the body in chunks from a stream
# expect: full
import concurrent.futures

import requests

HTTP_ERROR = "http error"
CONNECTION_ERROR = "connection error"
TIMEOUT = "timeout"
CANCELLED = "cancelled"


def fetch_size(url, timeout):
    with requests.get(url, timeout=timeout, stream=True) as response:
        response.raise_for_status()
        return sum(len(chunk) for chunk in response.iter_content(chunk_size=4096))


def classify(error):
    try:
        raise error
    except requests.HTTPError:
        return HTTP_ERROR
    except requests.Timeout:
        return TIMEOUT
    except requests.RequestException:
        return CONNECTION_ERROR


def download_all(urls, max_workers=5, timeout=1.0, deadline=5.0):
    with concurrent.futures.ThreadPoolExecutor(max_workers) as pool:
        futures = [pool.submit(fetch_size, url, timeout) for url in urls]
        _, not_done = concurrent.futures.wait(futures, timeout=deadline)
        for future in not_done:
            future.cancel()
    # the with block has waited for the downloads that were running
    outcomes = {}
    for url, future in zip(urls, futures):
        if future.cancelled():
            outcomes[url] = CANCELLED
        elif future.exception() is not None:
            outcomes[url] = classify(future.exception())
        else:
            outcomes[url] = future.result()
    return outcomes
