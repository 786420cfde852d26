"""Threads that really run in parallel: C code that releases the GIL.

The seed's story (绕过 GIL): the GIL lets one thread at a time run Python
bytecode, so threads don't speed up CPU-bound *Python* code; to get around
it, run the hot loop somewhere the GIL does not reach.  The seed only names
other interpreters (Jython); the everyday way is C code that releases the
GIL while it works on data it owns.  Much of the standard library does:
``hashlib`` releases it while hashing more than 2047 bytes at once, ``zlib``
while compressing, and numpy in most array operations.  Two threads hashing
two large blocks then use two cores at the same time.

The contrast: ``py_digest`` below hashes in a pure-Python loop.  Every step
is bytecode, the thread holds the GIL throughout, and two threads take turns
on one core -- about as slow as one thread.

Run it with ``python release_gil.py``: it measures CPU-seconds per
wall-second (about 2 on two cores when both threads hash at once, at most 1
when they take turns) for both hashes.
"""
import concurrent.futures
import hashlib
import threading
import time


def digest(block):
    """The SHA-256 of ``block``, as a hex string.

    Concurrency:
        ``hashlib`` releases the GIL while it hashes a buffer of more than
        2047 bytes, so several threads can run this on different cores at
        the same time.
    """
    return hashlib.sha256(block).hexdigest()


def py_digest(block):
    """A 64-bit FNV-1a hash of ``block`` computed in pure Python (the contrast).

    Concurrency:
        Every byte is a few bytecodes: the thread holds the GIL the whole
        time, and threads running this take turns on one core.
    """
    h = 0xCBF29CE484222325
    for byte in block:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def hash_in_threads(blocks, threads=2):
    """Return ``[digest(block) for block in blocks]``, hashed by ``threads`` threads at once.

    Args:
        blocks: the data, a list of ``bytes`` (may be empty; blocks may be of
            any size).
        threads: how many threads hash at the same time -- exactly this many
            (fewer only when there are fewer blocks).

    Returns:
        The hex digests, in the order of ``blocks``.

    Concurrency:
        Calls the module's ``digest`` (looked up by name when it runs) for
        every block, in ``threads`` new threads of this process that all run
        at the same time: every thread is started before any is waited for.
        Each block is hashed in one call, with no lock around it: hashlib
        objects need none, and ``digest`` releases the GIL, so the threads
        hash on different cores.  When this returns, every thread has
        finished.
    """
    ### BEGIN SOLUTION
    # Threads, not processes: the work is in C and releases the GIL, so
    # threads run it in parallel without copying the data to another
    # process.  A lock around digest() would make them take turns again.
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as executor:
        # map() starts the calls at once and returns results in block order;
        # leaving the `with` block joins the threads.
        return list(executor.map(digest, blocks))
    ### END SOLUTION


def cpu_per_second(hash_one, blocks, threads):
    """Hash ``blocks`` with ``hash_one`` in ``threads`` threads; return CPU-seconds per wall-second.

    Each thread measures its own CPU time (``time.thread_time``); their sum
    divided by the wall time is how many cores were busy on average.
    """
    cpu = []
    parts = [blocks[i::threads] for i in range(threads)]

    def work(part):
        start = time.thread_time()
        for block in part:
            hash_one(block)
        cpu.append(time.thread_time() - start)

    workers = [threading.Thread(target=work, args=(part,)) for part in parts]
    wall = time.perf_counter()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return sum(cpu) / (time.perf_counter() - wall)


if __name__ == "__main__":
    big = [bytes([i]) * (8 << 20) for i in range(8)]     # 8 blocks of 8 MiB
    small = [bytes([i]) * (100 << 10) for i in range(8)]  # pure Python is ~100x slower
    for label, hash_one, blocks in [("sha256 (C, releases the GIL)", digest, big),
                                    ("FNV-1a (pure Python)", py_digest, small)]:
        for n in (1, 2):
            print(f"{label:<30} {n} thread(s): "
                  f"{cpu_per_second(hash_one, blocks, n):.2f} CPU-seconds per second")
    start = time.perf_counter()
    assert hash_in_threads(big) == [digest(b) for b in big]
    print(f"hash_in_threads(8 x 8 MiB): {time.perf_counter() - start:.3f} s")
