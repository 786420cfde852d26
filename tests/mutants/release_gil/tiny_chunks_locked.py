# mutant: threads feed a shared-lock-guarded sha256 in 1 KiB pieces: under 2048 bytes hashlib keeps the GIL, and digest is never called
# expect-fail: test_threads_hash_at_the_same_time, test_runs_in_threads_of_this_process, test_uses_the_requested_threads
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


lock = threading.Lock()
PIECE = 1024


def hash_in_threads(blocks, threads=2):
    results = [None] * len(blocks)

    def work(first):
        for i in range(first, len(blocks), threads):
            h = hashlib.sha256()
            data = blocks[i]
            for k in range(0, len(data), PIECE):
                with lock:
                    h.update(data[k:k + PIECE])
            results[i] = h.hexdigest()

    workers = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return results
