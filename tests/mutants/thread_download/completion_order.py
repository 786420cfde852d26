# mutant: collects sizes with as_completed and zips them with the urls: sizes in finishing order, paired with the wrong urls
# expect-fail: test_download_all_returns_every_size
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        futures = [executor.submit(download_one, url) for url in urls]
        sizes = [future.result() for future in concurrent.futures.as_completed(futures)]
    return dict(zip(urls, sizes))
