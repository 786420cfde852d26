"""A writer process and a reader process, connected by a Queue.

The seed's story: the parent creates a ``multiprocessing.Queue`` and passes
it to two child processes.  The writer puts 'A', 'B' and 'C' on it, waiting
a random time after each; the reader loops forever, getting values and
printing them.  The parent starts both, waits for the writer, and then —
because the reader's loop never ends — kills it with ``terminate()``.

``terminate()`` is the seed's mistake.  It sends SIGTERM: the reader dies
wherever it is, perhaps before it has handled the last values, perhaps in
the middle of handling one, and its exit code says it was killed (-15), not
that it finished.  The fix is a **sentinel**: one more item that means "no
more values".  When the writer is done, the parent puts the sentinel on the
queue; the reader handles everything before it, sees it, and returns; the
parent joins it like any other process.

``None`` makes a good sentinel: values travel between processes as pickled
copies, and ``None`` is still ``None`` after pickling, so ``value is None``
works in the reader.  (A fresh ``object()`` would not: the reader gets a
*copy*, which is a different object.)

Run it with ``python process_queue.py``.
"""
import multiprocessing
import time

SENTINEL = None  # put on the queue after the last value: "no more values"


def show(value):
    """What the seed's reader does with each value: print it.

    The grader passes its own ``handle`` instead, which records which
    process handled which value, and when.
    """
    print(f"Get {value} from queue.", flush=True)


def write(q, values, pause=0.0):
    """Put each of ``values`` on ``q``, in order, pausing after each.

    Args:
        q: the queue.
        values: what to put (never ``SENTINEL``).
        pause: seconds to wait after each put (the seed waited a random time).

    Concurrency:
        Runs in the writer process, while the reader takes values off the
        queue.  ``put`` hands the value to a background thread that pickles
        it into a pipe, so the writer process cannot exit until everything
        it put has gone into the pipe — that is, until the reader has made
        room by reading.
    """
    ### BEGIN SOLUTION
    for value in values:
        q.put(value)
        time.sleep(pause)
    ### END SOLUTION


def read(q, handle=show):
    """Take values off ``q`` and ``handle`` each, until ``SENTINEL`` comes.

    Args:
        q: the queue.
        handle: called once with each value, in the order they arrive; it
            must be picklable (a module-level function) because it is sent
            to the reader process.

    Concurrency:
        Runs in the reader process.  ``q.get()`` blocks until a value is
        there.  On ``SENTINEL`` it returns, so the process ends by itself
        with exit code 0.
    """
    ### BEGIN SOLUTION
    while True:
        value = q.get()
        # `is`, not `not value`: 0, "" and [] are values, not the end.
        if value is SENTINEL:
            return
        handle(value)
    ### END SOLUTION


def transfer(values, handle=show, pause=0.0):
    """Send ``values`` from a writer process to a reader process through a Queue.

    Args:
        values: what the writer puts on the queue, in order.
        handle: what the reader calls on each value (see ``read``).
        pause: seconds the writer waits after each put (see ``write``).

    Returns:
        ``(writer_exitcode, reader_exitcode)``: ``(0, 0)`` when both ended
        by themselves.

    Concurrency:
        The writer and the reader run at the same time; the reader handles
        values while the writer is still putting more.  The parent puts
        ``SENTINEL`` only after the writer has ended (``join``), so nothing
        the writer puts can come after it.  When this returns, both
        processes have ended and have been joined.
    """
    ### BEGIN SOLUTION
    q = multiprocessing.Queue()
    writer = multiprocessing.Process(target=write, args=(q, values, pause))
    reader = multiprocessing.Process(target=read, args=(q, handle))
    # Start both before waiting for either: a writer whose values nobody
    # reads cannot exit (see write), so joining it first could wait forever.
    writer.start()
    reader.start()
    writer.join()
    # Only now is the writer surely done: the sentinel goes in after its
    # last value.  (With several writers, join them all first.)
    q.put(SENTINEL)
    reader.join()  # it ends by itself once it gets the sentinel: no terminate()
    return writer.exitcode, reader.exitcode
    ### END SOLUTION


def main():
    """The seed's demo: 'A', 'B', 'C' from a writer to a reader."""
    print(transfer(["A", "B", "C"], pause=0.3))


if __name__ == "__main__":
    main()
