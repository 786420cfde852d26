"""Visible tests for async_lock: run `pytest exercises/03_coroutines/05_async_lock`.

The seed's two withdrawals of 80 from 100, with `audit` replaced by one that
makes the race happen: it waits until both withdrawals are inside an audit
(at most 0.2 s).  The hidden grader checks more (several accounts at once,
deposits during an audit, a blocked event loop, withdraw_all's tasks).
"""
import asyncio
import time


def racing_audit(expected):
    """An audit that returns only once `expected` audits are in progress (or 0.2 s passed)."""
    state = {"in": 0, "most": 0}

    async def audit(account, amount):
        state["in"] += 1
        state["most"] = max(state["most"], state["in"])
        deadline = time.perf_counter() + 0.2
        while state["in"] < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        state["in"] -= 1
        return True
    return audit, state


def test_one_withdrawal(exercise):
    async def main():
        account = exercise.Account(100)
        return await account.withdraw(30), await account.withdraw(100), account.balance

    assert asyncio.run(main()) == (True, False, 70)


def test_seed_race_does_not_overdraw(exercise, monkeypatch):
    audit, state = racing_audit(2)
    monkeypatch.setattr(exercise.module, "audit", audit)

    async def main():
        account = exercise.Account(100)
        results = await asyncio.gather(account.withdraw(80), account.withdraw(80))
        return sorted(results), account.balance

    results, balance = asyncio.run(main())
    assert (results, balance) == ([False, True], 20), (
        f"two withdrawals of 80 from 100 at once gave {results} and a balance of {balance}; "
        f"expected one to succeed and 20 left.  {state['most']} audits of the account ran at "
        f"once: hold the account's asyncio.Lock from the check to the update")


def test_withdraw_all(exercise):
    async def main():
        account = exercise.Account(100)
        return await exercise.withdraw_all(account, [80, 80]), account.balance

    assert asyncio.run(main()) == ([True, False], 20)
