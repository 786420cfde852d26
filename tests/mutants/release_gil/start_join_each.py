# mutant: each thread is joined right after it is started: they hash one after another
# expect-fail: test_threads_hash_at_the_same_time, test_threads_speed_up_hashing
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


def hash_in_threads(blocks, threads=2):
    results = [None] * len(blocks)

    def work(first):
        for i in range(first, len(blocks), threads):
            results[i] = digest(blocks[i])

    for k in range(threads):
        t = threading.Thread(target=work, args=(k,))
        t.start()
        t.join()
    return results
