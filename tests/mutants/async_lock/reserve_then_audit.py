# mutant: takes the money first (no await between check and update), audits after and refunds on refusal
# expect-fail: test_withdraw_takes_money_after_approval
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
        self.balance -= amount
        if not await audit(self, amount):
            self.balance += amount
            return False
        return True


async def withdraw_all(account, amounts):
    return list(await asyncio.gather(*(account.withdraw(a) for a in amounts)))

