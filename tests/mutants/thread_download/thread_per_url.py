# mutant: one threading.Thread per url, all started then joined: unbounded, and a thread's exception is printed and lost
# expect-fail: test_download_all_never_runs_more_than_max_workers, test_an_error_in_one_download_reaches_the_caller, test_total_time_is_rounds_of_max_workers
import threading

import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    sizes = {}

    def worker(url):
        sizes[url] = download_one(url)

    threads = [threading.Thread(target=worker, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sizes
