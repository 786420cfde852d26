# mutant: results appended as threads finish: the digests come back in finishing order
# expect-fail: test_digests_exact
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


def hash_in_threads(blocks, threads=2):
    results = []
    lock = threading.Lock()

    def work(first):
        for i in range(first, len(blocks), threads):
            h = digest(blocks[i])
            with lock:
                results.append(h)

    workers = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return results
