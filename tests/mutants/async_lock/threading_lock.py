# mutant: a threading.Lock held across await: the second task blocks the event loop's thread, a deadlock
# expect-fail: test_no_overdraft_when_withdrawals_race, test_waiting_for_the_lock_lets_other_tasks_run
import threading
import asyncio

AUDIT_SECONDS = 0.01


async def audit(account, amount):
    await asyncio.sleep(AUDIT_SECONDS)
    return True


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self.lock = threading.Lock()

    async def withdraw(self, amount):
        with self.lock:
            if self.balance < amount:
                return False
            if not await audit(self, amount):
                return False
            self.balance -= amount
            return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

