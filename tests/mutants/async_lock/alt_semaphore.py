# alternative: an asyncio.Semaphore(1) per account with explicit acquire/release; withdraw_all creates the tasks itself
# expect: full
import asyncio

AUDIT_SECONDS = 0.01


async def audit(account, amount):
    await asyncio.sleep(AUDIT_SECONDS)
    return True


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._turn = asyncio.Semaphore(1)

    async def withdraw(self, amount):
        await self._turn.acquire()
        try:
            if self.balance >= amount and await audit(self, amount):
                self.balance = self.balance - amount
                return True
            return False
        finally:
            self._turn.release()


async def withdraw_all(account, amounts):
    tasks = [asyncio.create_task(account.withdraw(a)) for a in amounts]
    return [await t for t in tasks]
