# mutant: one thread per block, whatever `threads` says
# expect-fail: test_uses_the_requested_threads
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


def hash_in_threads(blocks, threads=2):
    results = [None] * len(blocks)

    def work(i):
        results[i] = digest(blocks[i])

    workers = [threading.Thread(target=work, args=(i,)) for i in range(len(blocks))]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return results
