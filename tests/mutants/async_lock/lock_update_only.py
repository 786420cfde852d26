# mutant: the lock covers only the update; the check and the audit run outside it
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
        if self.balance < amount:
            return False
        if not await audit(self, amount):
            return False
        async with self.lock:
            self.balance -= amount
        return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

