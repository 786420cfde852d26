# mutant: acquires the lock by hand and returns early on refusal without releasing it: the next withdrawal waits forever
# expect-fail: test_no_overdraft_when_withdrawals_race
import asyncio

AUDIT_SECONDS = 0.01


async def audit(account, amount):
    await asyncio.sleep(AUDIT_SECONDS)
    return True


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self.lock = asyncio.Lock()

    async def withdraw(self, amount):
        await self.lock.acquire()
        if self.balance < amount:
            return False
        if not await audit(self, amount):
            return False
        self.balance -= amount
        self.lock.release()
        return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))
