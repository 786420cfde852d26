"""A bank account that many asyncio tasks withdraw from at once.

The seed claims that asyncio tasks are never interrupted, so asyncio code
cannot race and thread safety is no concern.  Half of that is true: a task is
only ever suspended at an ``await``.  But at an ``await`` it *is* suspended,
and every other task may run before it resumes.  A check and an update with
an ``await`` between them are two steps, not one::

    if account.balance >= amount:            # A: 100 >= 80, yes
        await audit(account, amount)         # A waits; B checks: 100 >= 80, yes
        account.balance -= amount            # A: 20; then B: -60, overdrawn

The fix is an ``asyncio.Lock`` per account, held from the check to the
update: while one withdrawal is between the two, the next one waits at the
lock (and the event loop runs other tasks meanwhile).
"""
import asyncio

AUDIT_SECONDS = 0.01     # the bank's fraud check: one network round trip


async def audit(account, amount):
    """Ask the bank's fraud check whether ``account`` may pay out ``amount``.

    Returns:
        True if the withdrawal is approved; the bank records an approved
        withdrawal, so it must then really be made.

    Concurrency:
        Slow (a network round trip): other tasks run while you await it.
        The grader replaces it with its own ``audit``, so call it by this
        name, ``await audit(self, amount)``.
    """
    await asyncio.sleep(AUDIT_SECONDS)
    return True


class Account:
    """A bank account that many tasks withdraw from at the same time.

    Attributes:
        balance: the money in the account, an int; withdrawals never make it
            negative.  Deposits may add to it at any moment, without any lock:
            ``account.balance += n`` has no ``await`` inside, so no other task
            can run in the middle of it.
    """

    def __init__(self, balance=0):
        """Open an account holding ``balance``.

        Concurrency:
            Create here what the withdrawals from *this* account need to
            exclude each other.  Withdrawals from different accounts must not
            wait for each other.
        """
        self.balance = balance
        ### BEGIN SOLUTION
        # One asyncio.Lock per account, shared by every task that withdraws
        # from it.  Not threading.Lock: a task that waits for a threading.Lock
        # blocks the whole event loop, including the task that holds it.
        # Creating it here (not at import time) is safe on Python 3.10+: it
        # binds to an event loop only when a task first has to wait for it.
        self.lock = asyncio.Lock()
        ### END SOLUTION

    async def withdraw(self, amount):
        """Take ``amount`` out of the account if the balance covers it.

        Checks the balance first; only if it covers ``amount``, asks the bank
        (``await audit(self, amount)``); only if the bank approves, takes
        ``amount`` from the balance.

        Args:
            amount: a positive int.

        Returns:
            True if the money was taken out; False (and the balance is left
            as it is) if the balance did not cover it or the bank refused.

        Concurrency:
            Many tasks call it at the same time on the same account.  From the
            check to the update no other withdrawal from this account may
            check, audit or update: otherwise two withdrawals both pass the
            check while the first one awaits the audit, and the account is
            overdrawn.  Deposits may still arrive while you await the audit,
            so take ``amount`` from the balance as it is *after* the audit.
        """
        ### BEGIN SOLUTION
        # The whole check-audit-update is one critical section: a task
        # waiting at `async with` is suspended (other tasks run), and the
        # lock is released however we leave the block.
        async with self.lock:
            if self.balance < amount:
                return False
            if not await audit(self, amount):
                return False
            # Read the balance now, not before the await: a deposit may have
            # arrived meanwhile, and a value read earlier would undo it.
            self.balance -= amount
            return True
        ### END SOLUTION


async def withdraw_all(account, amounts):
    """Make one withdrawal per amount from ``account``, all at the same time.

    Args:
        account: an :class:`Account`.
        amounts: the amounts to withdraw; may be empty.

    Returns:
        A list with one bool per amount, in the order of ``amounts``: what
        ``account.withdraw(amount)`` returned.

    Concurrency:
        Every withdrawal runs in its own task, all started at once (they then
        take turns at the account's lock).  Returns when all have finished.
    """
    ### BEGIN SOLUTION
    # gather wraps each coroutine in a task, starts them all now, and gives
    # the results in the order of its arguments.
    return list(await asyncio.gather(*(account.withdraw(amount) for amount in amounts)))
    ### END SOLUTION


if __name__ == "__main__":
    # The seed's scenario: two withdrawals of 80 from 100.  With the lock,
    # one succeeds and the balance ends at 20; without it, both succeed and
    # the balance ends at -60.  (In Jupyter, `await demo()` instead.)
    async def demo():
        account = Account(100)
        print(await withdraw_all(account, [80, 80]), account.balance)

    asyncio.run(demo())
