# mutant: the seed's download_one: no raise_for_status, so a 404 or 500 page is counted as a page
# expect-fail: test_download_one_raises_for_http_errors
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        return dict(zip(urls, executor.map(download_one, urls)))

