# alternative: the lock is made on the first withdrawal (no await in between, so only once); withdraw_all uses a TaskGroup (3.11+)
# expect: full
import sys
import asyncio

AUDIT_SECONDS = 0.01


async def audit(account, amount):
    await asyncio.sleep(AUDIT_SECONDS)
    return True


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._lock = None

    async def withdraw(self, amount):
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self.balance < amount:
                return False
            approved = await audit(self, amount)
            if approved:
                self.balance -= amount
            return bool(approved)


async def withdraw_all(account, amounts):
    if sys.version_info < (3, 11):
        return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(account.withdraw(a)) for a in amounts]
    return [t.result() for t in tasks]
