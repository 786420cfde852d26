# mutant: a new asyncio.Lock for every call: each withdrawal holds its own lock and excludes nobody
# expect-fail: test_no_overdraft_when_withdrawals_race, test_every_approved_withdrawal_is_made
import asyncio

AUDIT_SECONDS = 0.01


async def audit(account, amount):
    await asyncio.sleep(AUDIT_SECONDS)
    return True


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    async def withdraw(self, amount):
        async with asyncio.Lock():
            if self.balance < amount:
                return False
            if not await audit(self, amount):
                return False
            self.balance -= amount
            return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

