# mutant: locks the check and the update separately, releasing the lock for the audit in between
# expect-fail: test_no_overdraft_when_withdrawals_race, test_every_approved_withdrawal_is_made
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
            covered = self.balance >= amount
        if not covered or not await audit(self, amount):
            return False
        async with self.lock:
            self.balance -= amount
        return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

