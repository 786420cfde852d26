# mutant: a plain loop: one thread hashes every block
# expect-fail: test_threads_hash_at_the_same_time, test_runs_in_threads_of_this_process, test_uses_the_requested_threads, test_threads_speed_up_hashing
import hashlib
import threading


def digest(block):
    return hashlib.sha256(block).hexdigest()


def hash_in_threads(blocks, threads=2):
    return [digest(b) for b in blocks]
