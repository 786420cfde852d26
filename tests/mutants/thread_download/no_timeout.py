# mutant: the seed's requests.get(url) without a timeout: a server that never answers hangs the download for ever
# expect-fail: test_download_one_gives_up_on_a_stalled_server
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url):
    response = requests.get(url)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        return dict(zip(urls, executor.map(download_one, urls)))

