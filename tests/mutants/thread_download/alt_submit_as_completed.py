# alternative: submit + as_completed with a {future: url} dict; each size stored under its own url as it finishes
# expect: full
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url, timeout=TIMEOUT)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    sizes = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        url_of = {executor.submit(download_one, url): url for url in urls}
        for future in concurrent.futures.as_completed(url_of):
            sizes[url_of[future]] = future.result()   # re-raises a download's error
    return sizes
