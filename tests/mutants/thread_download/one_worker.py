# mutant: "more threads is not always faster" taken literally: a pool of one thread, whatever max_workers says
# expect-fail: test_download_all_runs_max_workers_at_once, test_total_time_is_rounds_of_max_workers
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
        return dict(zip(urls, executor.map(download_one, urls)))
