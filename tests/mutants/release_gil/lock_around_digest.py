# mutant: threads, but a shared lock around each digest() ("hashlib isn't thread-safe"): they take turns
# expect-fail: test_threads_hash_at_the_same_time, test_threads_speed_up_hashing
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()


def hash_in_threads(blocks, threads=2):
    def safe_digest(block):
        with lock:
            return digest(block)

    with ThreadPoolExecutor(max_workers=threads) as executor:
        return list(executor.map(safe_digest, blocks))
