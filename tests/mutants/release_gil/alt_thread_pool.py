# alternative: multiprocessing.pool.ThreadPool.imap with chunksize=1
# expect: full
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


from multiprocessing.pool import ThreadPool


def hash_in_threads(blocks, threads=2):
    if not blocks:
        return []
    with ThreadPool(threads) as pool:
        return list(pool.imap(digest, blocks, chunksize=1))
