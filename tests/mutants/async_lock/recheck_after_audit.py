# mutant: no lock, checks the balance again after the audit: no overdraft, but approved withdrawals are not made
# expect-fail: test_every_approved_withdrawal_is_made
import asyncio

AUDIT_SECONDS = 0.01


async def audit(account, amount):
    await asyncio.sleep(AUDIT_SECONDS)
    return True


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    async def withdraw(self, amount):
        if self.balance < amount:
            return False
        if not await audit(self, amount):
            return False
        # No await from here on, so nothing can run in between.
        if self.balance < amount:
            return False
        self.balance -= amount
        return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

