# mutant: one module-level asyncio.Lock for every account: withdrawals from different accounts wait for each other
# expect-fail: test_accounts_do_not_wait_for_each_other
import asyncio

AUDIT_SECONDS = 0.01


async def audit(account, amount):
    await asyncio.sleep(AUDIT_SECONDS)
    return True

bank_lock = asyncio.Lock()


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    async def withdraw(self, amount):
        async with bank_lock:
            if self.balance < amount:
                return False
            if not await audit(self, amount):
                return False
            self.balance -= amount
            return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

