# mutant: reads the size from the Content-Length header instead of the body: a chunked answer has none
# expect-fail: test_download_one_returns_the_body_size
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return int(response.headers.get("Content-Length", 0))


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        return dict(zip(urls, executor.map(download_one, urls)))

