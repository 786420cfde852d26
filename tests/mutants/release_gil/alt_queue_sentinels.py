# alternative: a queue of (index, block) shared by worker threads that stop at a sentinel each
# expect: full
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


import queue


def hash_in_threads(blocks, threads=2):
    todo = queue.Queue()
    for pair in enumerate(blocks):
        todo.put(pair)
    for _ in range(threads):
        todo.put(None)  # one sentinel per worker: it stops when it takes one
    results = {}
    lock = threading.Lock()  # only around the dict update, never around hashing

    def worker():
        while (item := todo.get()) is not None:
            i, data = item
            h = digest(data)
            with lock:
                results[i] = h

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return [results[i] for i in range(len(blocks))]
