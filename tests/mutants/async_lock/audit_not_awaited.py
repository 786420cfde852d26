# mutant: calls audit() without await: the coroutine object is truthy, so the bank is never asked
# expect-fail: test_withdraw_refused_by_the_bank, test_withdraw_takes_money_after_approval
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
            if not audit(self, amount):
                return False
            self.balance -= amount
            return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

