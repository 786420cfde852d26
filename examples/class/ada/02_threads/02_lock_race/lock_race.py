"""A shared bank balance, updated by several threads at once.

The seed's story: a balance starts at 0; each thread deposits an amount and
withdraws it again, many times.  Every deposit is undone by its withdrawal,
so the balance must end at exactly 0.  ``balance = balance + n`` is a read,
an addition and a write: if another thread writes between our read and our
write, one update is lost and the balance drifts.
"""
import threading

balance = 0
lock = threading.Lock()


def change_it(n):
    """Deposit ``n``, then withdraw ``n``, as one indivisible step.

    Concurrency:
        Called from several threads at the same time.  The two updates of the
        module global ``balance`` must happen while holding the module-level
        ``lock``, so no other thread reads or writes ``balance`` in between.
    """
    global balance
    ### BEGIN SOLUTION
    # One lock shared by every thread: a lock created here, or one per
    # thread, would exclude nobody.
    with lock:
        balance = balance + n
        balance = balance - n
    ### END SOLUTION


def run_thread(n, times):
    """Call ``change_it(n)`` ``times`` times.

    Concurrency:
        Runs as the body of one thread; several run at the same time.
    """
    ### BEGIN SOLUTION
    for _ in range(times):
        change_it(n)
    ### END SOLUTION


def run_bank(amounts, times):
    """Run the bank and return the final balance (0 when nothing was lost).

    Resets ``balance`` to 0, starts one thread per amount running
    ``run_thread(amount, times)``, and only then waits for all of them.

    Args:
        amounts: the amount each thread deposits and withdraws, e.g. ``[5, 8]``.
        times: how many times each thread calls ``change_it``.

    Returns:
        The final value of ``balance``.

    Concurrency:
        All the threads run at the same time: start every thread first, then
        join them.  Starting and joining one at a time would run them one
        after another.
    """
    global balance
    ### BEGIN SOLUTION
    balance = 0
    threads = [threading.Thread(target=run_thread, args=(amount, times)) for amount in amounts]
    for t in threads:
        t.start()
    # Join only after every thread has started, so they overlap.
    for t in threads:
        t.join()
    return balance
    ### END SOLUTION
