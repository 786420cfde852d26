# mutant: computes the new balance before the await and writes it after: a deposit made during the audit is lost
# expect-fail: test_deposit_during_audit_is_kept
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
            balance = self.balance
            if balance < amount:
                return False
            if not await audit(self, amount):
                return False
            self.balance = balance - amount
            return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

