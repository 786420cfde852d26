"""Hidden grader for async_lock: withdrawals that race across an ``await``.

What is graded, and how it is observed rather than hoped for:

- the race is *made* to happen: the student's ``withdraw`` awaits the
  module's ``audit``, which the grader replaces.  Its ``audit`` does not
  return until every withdrawal the test started is inside an audit too (or
  ``HOLD`` seconds have passed).  Without a lock, all of them pass the
  balance check before any updates it; with one lock per account, the others
  wait at the lock and the audit gives up waiting after ``HOLD``.  Exact
  results are checked: how many withdrawals succeeded, the final balance,
  which audits overlapped, and that every approved withdrawal was made.
- one lock *per account*: withdrawals from two accounts must be inside their
  audits at the same time (a lock for the whole bank makes one wait).
- an ``asyncio.Lock``, not a ``threading.Lock``: the student's coroutines run
  on a helper thread (:mod:`conclab.loopwatch`) whose event loop is watched;
  a loop that stops turning (a task blocking on a lock another task holds)
  fails the test at once, naming the line that blocked it.
- ``withdraw`` checks, audits, then takes the money (the audit sees the
  balance before the withdrawal), and takes it from the balance as it is
  after the audit (a deposit made meanwhile is kept).
- ``withdraw_all`` runs its withdrawals as tasks that are all in flight at
  once (``Account.withdraw`` of the account is wrapped and recorded), with
  results in the order of the amounts.

Every call runs in a fresh event loop (:func:`conclab.aio.run`), the accounts
are created inside it, and every task left over is cancelled.
"""
import asyncio
import time

import pytest

from conclab import aio, loopwatch
from conclab.timeline import Interval, max_concurrency, render

LIMIT = 2.0     # s: hard timeout of one scenario (correct code needs <= 0.3 s)
BLOCKED = 0.5   # s: a loop that does not turn for this long is blocked
HOLD = 0.2      # s: how long an audit waits for the other withdrawals to arrive
POLL = 0.002    # s: how often a waiting audit looks again


class Bank:
    """The grader's ``audit``: records every call, and can hold it.

    Args:
        until: ``until()`` true means the audits may return; an audit waits
            for it at most ``hold`` seconds.  Once it was true, or one audit
            gave up waiting, no audit waits any more (a serial submission
            costs one ``hold``, not one per withdrawal).
        approve: the audit's answer.
        deposit: money that arrives on the account during each audit.
        delay: seconds each audit takes (besides any waiting for ``until``).
    """

    def __init__(self, until=None, hold=HOLD, approve=True, deposit=0, delay=0.0):
        self.until = until
        self.delay = delay
        self.hold = hold
        self.approve = approve
        self.deposit = deposit
        self.opened = False
        self.gave_up = False
        self.calls = []            # dicts: account, amount, balance, task, start, end, approved
        self.in_flight = 0
        self.most_in_flight = 0
        self.per_account = {}      # id(account) -> audits in flight now
        self.most_per_account = 0

    async def audit(self, account, amount):
        task = asyncio.current_task()
        call = {"account": account, "amount": amount, "balance": getattr(account, "balance", None),
                "task": task.get_name() if task else "?", "start": time.perf_counter(),
                "end": None, "approved": None}
        self.calls.append(call)
        key = id(account)
        self.in_flight += 1
        self.per_account[key] = self.per_account.get(key, 0) + 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        self.most_per_account = max(self.most_per_account, self.per_account[key])
        try:
            await asyncio.sleep(self.delay)   # like any real I/O: other tasks run meanwhile
            if self.until is not None and not self.opened:
                deadline = time.perf_counter() + self.hold
                while not self.until() and time.perf_counter() < deadline:
                    await asyncio.sleep(POLL)
                self.gave_up = not self.until()
                self.opened = True   # met once (or given up on): nobody waits any more
            if self.deposit:
                account.balance += self.deposit
            call["approved"] = self.approve
            return self.approve
        finally:
            self.in_flight -= 1
            self.per_account[key] -= 1
            call["end"] = time.perf_counter()

    def intervals(self):
        return [Interval(c["task"], c["start"], c["end"] or c["start"],
                         f"audit({c['amount']}) saw {c['balance']}") for c in self.calls]

    def timeline(self):
        rows = self.intervals()
        if not rows:
            return "(audit was never called)"
        lines = [f"  {c['task']}: audit(account, {c['amount']}) while the balance was "
                 f"{c['balance']}" for c in self.calls]
        return "audits, in the order they were called:\n" + "\n".join(lines) + "\n" + render(rows)


def install(exercise, monkeypatch, bank):
    monkeypatch.setattr(exercise.module, "audit", bank.audit)
    return bank


def run(exercise, scenario, what):
    """``scenario()`` in a fresh, watched event loop; its value, or a failure that teaches."""
    try:
        out = loopwatch.run(scenario, timeout=LIMIT, blocked_after=BLOCKED,
                            path=exercise.path, what=what)
        blocked = None
    except loopwatch.LoopBlocked as exc:
        blocked = exc
    if blocked is not None:
        pytest.fail(blocked_lesson(blocked), pytrace=False)
    if out.timed_out:
        pytest.fail(f"{what} did not finish within {LIMIT:g} s: a withdrawal waits for something "
                    f"that never happens (a lock acquired and never released? `async with "
                    f"lock:` releases it for you)", pytrace=False)
    if out.error is not None:
        error = out.error
        if isinstance(error, NotImplementedError):
            raise error
        if isinstance(error, RuntimeError) and "different event loop" in str(error):
            pytest.fail(f"{what} raised RuntimeError: {error}.\nAn asyncio.Lock (like a Queue or "
                        f"an Event) belongs to the first event loop that has to wait for it. "
                        f"One created at import time, or once for the whole bank, is still tied "
                        f"to an earlier loop (every asyncio.run() and every test starts a new "
                        f"one).  Create one lock per account, in Account.__init__.",
                        pytrace=False)
        text = str(error)
        if (isinstance(error, TypeError) and "context manager" in text) or (
                isinstance(error, AttributeError) and text in ("__enter__", "__aenter__")):
            pytest.fail(f"{what} raised {type(error).__name__}: {text}.  An asyncio.Lock is "
                        f"used with `async with lock:` (plain `with` is for threading locks, "
                        f"which must not be held across an `await`)", pytrace=False)
        raise error
    return out.value


def blocked_lesson(exc):
    text = str(exc)
    line = exc.where.source if exc.where else ""
    if "lock" in line.lower() or "acquire" in line:
        text += ("\nThat line waits for a lock the way threads do.  The task that holds the lock "
                 "is suspended at its `await audit(...)`; it can only go on when the event loop "
                 "runs it, but the loop's one thread is stuck waiting for the lock: a deadlock.  "
                 "In async code use `asyncio.Lock()` with `async with lock:`: a task waiting for "
                 "it is suspended, and the loop runs the others meanwhile.")
    return text


def shown(value):
    return repr(value)


# --- one withdrawal ---------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_withdraw_takes_money_after_approval(exercise, monkeypatch):
    bank = install(exercise, monkeypatch, Bank())

    async def scenario():
        account = exercise.Account(100)
        return account, await account.withdraw(30)

    account, result = run(exercise, scenario, "Account(100).withdraw(30)")
    assert result is True, (f"Account(100).withdraw(30) returned {shown(result)}; the balance "
                            f"covers it and the bank approves it, so it must return True")
    assert account.balance == 70, (f"after Account(100).withdraw(30) returned True the balance "
                                   f"is {shown(account.balance)}, expected 70")
    calls = [(c["account"] is account, c["amount"]) for c in bank.calls]
    assert calls == [(True, 30)], (
        f"Account(100).withdraw(30) called audit {len(bank.calls)} time(s) "
        f"({[(c['amount']) for c in bank.calls]}); expected once, as "
        f"`await audit(self, 30)`: the bank approves every withdrawal before it is made")
    seen = bank.calls[0]["balance"]
    assert seen == 100, (
        f"audit(account, 30) was called when the balance was already {shown(seen)}: the money "
        f"must be taken only after the bank approved (check, then audit, then take).  Taking "
        f"it first and giving it back on refusal shows the bank a wrong balance, and makes "
        f"other withdrawals fail meanwhile for money that is still there")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_withdraw_refused_when_not_covered(exercise, monkeypatch):
    bank = install(exercise, monkeypatch, Bank())

    async def scenario():
        account = exercise.Account(20)
        return account, await account.withdraw(30)

    account, result = run(exercise, scenario, "Account(20).withdraw(30)")
    assert result is False and account.balance == 20, (
        f"Account(20).withdraw(30) returned {shown(result)} and left the balance at "
        f"{shown(account.balance)}; the balance does not cover 30, so it must return False and "
        f"leave the balance at 20")
    assert not bank.calls, (
        "Account(20).withdraw(30) asked the bank (audit) although the balance does not cover "
        "it: check the balance first, and audit only withdrawals it covers")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_withdraw_refused_by_the_bank(exercise, monkeypatch):
    bank = install(exercise, monkeypatch, Bank(approve=False))

    async def scenario():
        account = exercise.Account(100)
        return account, await account.withdraw(30)

    account, result = run(exercise, scenario, "Account(100).withdraw(30)")
    if not bank.calls:
        pytest.fail(f"Account(100).withdraw(30) returned {shown(result)} without awaiting the "
                    f"bank's audit: `audit(self, amount)` only makes a coroutine; "
                    f"`await audit(self, amount)` runs it and gives its answer", pytrace=False)
    assert result is False and account.balance == 100, (
        f"the bank refused (audit returned False), but Account(100).withdraw(30) returned "
        f"{shown(result)} and left the balance at {shown(account.balance)}: return False and "
        f"leave the balance at 100")


# --- one lock per account ----------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_accounts_do_not_wait_for_each_other(exercise, monkeypatch):
    bank = install(exercise, monkeypatch, Bank(hold=0.5))
    bank.until = lambda: bank.in_flight >= 2

    async def scenario():
        a, b = exercise.Account(100), exercise.Account(100)
        results = await asyncio.gather(
            asyncio.create_task(a.withdraw(30), name="account A: withdraw(30)"),
            asyncio.create_task(b.withdraw(30), name="account B: withdraw(30)"))
        return a, b, list(results)

    what = "one withdrawal of 30 from each of two accounts at once"
    a, b, results = run(exercise, scenario, what)
    assert results == [True, True] and a.balance == b.balance == 70, (
        f"{what} returned {results} and left the balances at {shown(a.balance)} and "
        f"{shown(b.balance)}; expected [True, True], 70 and 70")
    assert bank.most_in_flight == 2, (
        f"{what}: one withdrawal waited until the other was done (its audit began only after "
        f"the first audit had waited {bank.hold:g} s for it):\n{bank.timeline()}\n"
        f"Their balances are separate, so they cannot race: one lock for the whole bank makes "
        f"every customer wait for every other.  Give each account its own asyncio.Lock "
        f"(create it in Account.__init__)")


# --- the race: withdrawals from one account ----------------------------------------

def race(exercise, monkeypatch, start, amounts):
    """Withdraw ``amounts`` from one Account(start) at once, each audit held until all are in."""
    bank = install(exercise, monkeypatch, Bank())
    bank.until = lambda: bank.in_flight >= len(amounts)

    async def scenario():
        account = exercise.Account(start)
        tasks = [asyncio.create_task(account.withdraw(a), name=f"withdrawal {i + 1} ({a})")
                 for i, a in enumerate(amounts)]
        return account, list(await asyncio.gather(*tasks))

    what = f"{len(amounts)} withdrawals {amounts} from Account({start}) at once"
    account, results = run(exercise, scenario, what)
    return bank, account, results, what


@pytest.mark.points(4)
@pytest.mark.timeout(10)
def test_no_overdraft_when_withdrawals_race(exercise, monkeypatch):
    for start, amounts, wins, left in [(100, [30] * 5, 3, 10), (100, [60, 60], 1, 40)]:
        bank, account, results, what = race(exercise, monkeypatch, start, amounts)
        succeeded = sum(r is True for r in results)
        if succeeded == wins and account.balance == left:
            continue
        lesson = ""
        if bank.most_per_account > 1:
            lesson = (f"\n{bank.most_per_account} withdrawals were past the balance check and "
                      f"awaiting audit() at the same time: each checked the balance before any "
                      f"of them had taken its money.  asyncio switches tasks only at an `await`, "
                      f"but the `await audit(...)` between your check and your update is one.  "
                      f"Hold one asyncio.Lock per account from the check to the update "
                      f"(`async with self.lock:` around all three steps); a lock created for "
                      f"each call, or one that covers only the check or only the update, "
                      f"excludes nobody.\n{bank.timeline()}")
        pytest.fail(f"{what}: {succeeded} succeeded ({results}) and the balance ended at "
                    f"{shown(account.balance)}; expected exactly {wins} to succeed and a balance "
                    f"of {left}.{lesson}", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_every_approved_withdrawal_is_made(exercise, monkeypatch):
    bank, account, results, what = race(exercise, monkeypatch, 100, [30] * 5)
    approved = sum(c["approved"] is True for c in bank.calls)
    made = sum(r is True for r in results)
    assert bank.most_per_account <= 1 and approved == made, (
        f"{what}: the bank approved {approved} withdrawal(s), {made} were made, and up to "
        f"{bank.most_per_account} audits of the account ran at the same time.  While one "
        f"withdrawal is between its check and its update, no other withdrawal from the same "
        f"account may check or audit: the bank approves what the balance covered when it was "
        f"asked, and an approved withdrawal must be made.  (Checking the balance again after "
        f"the audit stops the overdraft, but the bank has then approved withdrawals that are "
        f"not made.)  Hold the account's asyncio.Lock from the check to the update.\n"
        f"{bank.timeline()}")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_deposit_during_audit_is_kept(exercise, monkeypatch):
    install(exercise, monkeypatch, Bank(deposit=50))

    async def scenario():
        account = exercise.Account(100)
        return account, await account.withdraw(30)

    account, result = run(exercise, scenario, "Account(100).withdraw(30)")
    assert result is True and account.balance == 120, (
        f"a deposit of 50 arrived while Account(100).withdraw(30) awaited the audit; withdraw "
        f"returned {shown(result)} and the balance ended at {shown(account.balance)}, expected "
        f"True and 100 - 30 + 50 = 120.  "
        + ("The deposit was lost: the new balance was computed from a value read before the "
           "`await`.  Take the amount from the balance as it is after the audit "
           "(`self.balance -= amount`)." if account.balance == 70 else ""))


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_waiting_for_the_lock_lets_other_tasks_run(exercise, monkeypatch):
    install(exercise, monkeypatch, Bank(delay=0.02))
    ticks = []

    async def scenario():
        async def ticker():
            while True:
                ticks.append(time.perf_counter())
                await asyncio.sleep(0.005)
        clock = asyncio.create_task(ticker())
        account = exercise.Account(100)
        try:
            results = await asyncio.gather(*(account.withdraw(10) for _ in range(3)))
        finally:
            clock.cancel()
        return account, list(results)

    what = "3 withdrawals of 10 from Account(100) at once"
    account, results = run(exercise, scenario, what)
    assert results == [True] * 3 and account.balance == 70, (
        f"{what} returned {results} and left the balance at {shown(account.balance)}; "
        f"expected [True, True, True] and 70")
    assert len(ticks) >= 3, (
        f"while {what} ran, another task got to run {len(ticks)} time(s): waiting for the lock "
        f"must suspend the task (`async with` an asyncio.Lock), not block the event loop")


# --- withdraw_all -------------------------------------------------------------------

class Teller:
    """A stand-in account for grading ``withdraw_all`` on its own.

    Its ``withdraw`` is recorded (one timeline row per call), waits until
    every expected call has started (at most ``HOLD`` seconds, once), then
    sleeps ``delays[i]`` for the i-th call and withdraws if the balance
    covers the amount.
    """

    def __init__(self, balance, expected, delays=None):
        self.balance = balance
        self.expected = expected
        self.delays = delays or [0.0] * expected
        self.recorder = aio.TaskRecorder()
        self.opened = False
        numbers = iter(range(1, 1000))
        self.withdraw = self.recorder.wrap(
            self._withdraw, label=lambda amount: f"call {next(numbers)}: withdraw({amount})")

    async def _withdraw(self, amount):
        index = len(self.recorder.calls) - 1
        deadline = time.perf_counter() + HOLD
        while (not self.opened and len(self.recorder.calls) < self.expected
               and time.perf_counter() < deadline):
            await asyncio.sleep(POLL)
        self.opened = True
        await asyncio.sleep(self.delays[index] if index < len(self.delays) else 0)
        if self.balance >= amount:   # no await from the check to the update
            self.balance -= amount
            return True
        return False


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_withdraw_all_runs_withdrawals_at_once(exercise):
    amounts = [30, 200, 30, 500]

    async def scenario():
        account = Teller(100, len(amounts))
        return account, await exercise.withdraw_all(account, amounts)

    what = f"withdraw_all(account, {amounts}) on a balance of 100"
    account, results = run(exercise, scenario, what)
    calls = account.recorder.calls
    assert len(calls) == len(amounts), (
        f"{what} called account.withdraw {len(calls)} time(s); expected once per amount")
    assert results == [True, False, True, False] and account.balance == 40, (
        f"{what} returned {shown(results)} and left the balance at {shown(account.balance)}; "
        f"expected [True, False, True, False] and 40")
    at_once = max_concurrency(account.recorder.intervals())
    assert at_once == len(amounts), (
        f"{what}: at most {at_once} withdrawal(s) were in flight at once, expected all "
        f"{len(amounts)} (each waited up to {HOLD:g} s for the others to start):\n"
        f"{render(account.recorder.intervals())}\nStart every withdrawal as a task before "
        f"waiting for any (asyncio.gather(*(account.withdraw(a) for a in amounts))); awaiting "
        f"them one by one runs them one after another.  The account's lock makes them take "
        f"turns where they must, and only there")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_withdraw_all_results_in_order(exercise):
    amounts = [500, 30, 200, 30, 300]
    # The later a withdrawal starts, the sooner it finishes: results must
    # still come back in the order of the amounts.
    delays = [0.05, 0.04, 0.03, 0.02, 0.01]

    async def scenario():
        account = Teller(100, len(amounts), delays)
        results = await exercise.withdraw_all(account, amounts)
        empty = await exercise.withdraw_all(Teller(100, 0), [])
        return account, results, empty

    what = f"withdraw_all(account, {amounts}) on a balance of 100"
    account, results, empty = run(exercise, scenario, what)
    assert isinstance(results, list) and results == [False, True, False, True, False], (
        f"{what} returned {shown(results)}; expected the list [False, True, False, True, False]: "
        f"one result per amount, in the order of the amounts, not the order they finished "
        f"(only the two 30s are covered)")
    assert account.balance == 40, f"{what} left the balance at {shown(account.balance)}, expected 40"
    assert empty == [], f"withdraw_all(account, []) returned {shown(empty)}, expected []"
