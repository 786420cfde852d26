# mutant: the seed's executor.map(download_one, sites) whose results are never read; sizes gathered by a side effect, so a failed download vanishes
# expect-fail: test_an_error_in_one_download_reaches_the_caller
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    sizes = {}

    def download_and_store(url):
        sizes[url] = download_one(url)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        executor.map(download_and_store, urls)
    return sizes
