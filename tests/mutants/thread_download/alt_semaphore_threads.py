# alternative: a threading.Thread per url, at most max_workers downloading at once thanks to a Semaphore; errors kept and re-raised, every thread joined
# expect: full
import threading

import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    slots = threading.Semaphore(max_workers)
    sizes, errors = {}, {}

    def worker(url):
        with slots:
            try:
                sizes[url] = download_one(url)
            except Exception as exc:
                errors[url] = exc

    threads = [threading.Thread(target=worker, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for url in urls:
        if url in errors:
            raise errors[url]
    return sizes
