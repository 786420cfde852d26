# mutant: copies the seed's ThreadPoolExecutor(max_workers=5): the max_workers argument is ignored
# expect-fail: test_download_all_never_runs_more_than_max_workers, test_download_all_runs_max_workers_at_once
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
        return dict(zip(urls, executor.map(download_one, urls)))
