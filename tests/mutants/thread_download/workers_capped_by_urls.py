# mutant: "no more threads than urls": ThreadPoolExecutor(min(max_workers, len(urls))) refuses 0 workers, so [] raises ValueError
# expect-fail: test_no_urls
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(max_workers, len(urls))) as executor:
        return dict(zip(urls, executor.map(download_one, urls)))
