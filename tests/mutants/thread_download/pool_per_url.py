# mutant: creates a pool for each url inside the loop: each with block waits for its single download, so one at a time
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
        with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
            sizes[url] = executor.submit(download_one, url).result()
    return sizes
