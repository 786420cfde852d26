# mutant: the timeout as a default argument (timeout=TIMEOUT): its value is fixed at import, so lowering TIMEOUT later changes nothing
# expect-fail: test_download_one_gives_up_on_a_stalled_server
import concurrent.futures

import requests

TIMEOUT = 5.0


def download_one(url, timeout=TIMEOUT):
    response = requests.get(url, timeout=timeout)
    response.raise_for_status()
    return len(response.content)


def download_all(urls, max_workers=5):
    urls = list(urls)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        return dict(zip(urls, executor.map(download_one, urls)))

