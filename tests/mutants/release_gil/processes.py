# mutant: processes instead of threads: correct digests, but every block is pickled to a worker process
# expect-fail: test_threads_hash_at_the_same_time, test_runs_in_threads_of_this_process, test_uses_the_requested_threads
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


from concurrent.futures import ProcessPoolExecutor


def hash_in_threads(blocks, threads=2):
    with ProcessPoolExecutor(max_workers=threads) as executor:
        return list(executor.map(digest, blocks))
