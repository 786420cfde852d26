# alternative: plain threading.Thread per slice of the blocks, each writing into its block's slot
# expect: full
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


def hash_in_threads(blocks, threads=2):
    results = [None] * len(blocks)

    def work(first):
        for i in range(first, len(blocks), threads):
            results[i] = digest(blocks[i])

    workers = [threading.Thread(target=work, args=(k,)) for k in range(min(threads, len(blocks)))]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return results
