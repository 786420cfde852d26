# mutant: withdraw_all awaits one withdrawal after another instead of starting them all as tasks
# expect-fail: test_withdraw_all_runs_withdrawals_at_once
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
        async with self.lock:
            if self.balance < amount:
                return False
            if not await audit(self, amount):
                return False
            self.balance -= amount
            return True


async def withdraw_all(account, amounts):
    return [await account.withdraw(a) for a in amounts]
