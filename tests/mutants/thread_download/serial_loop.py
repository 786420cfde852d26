# mutant: the seed's first version: a plain for loop, one download after another (max_workers ignored)
# expect-fail: test_download_all_runs_max_workers_at_once, test_total_time_is_rounds_of_max_workers
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    sizes = {}
    for url in urls:
        sizes[url] = download_one(url)
    return sizes
