# alternative: Pool.imap with chunksize=1, explicit close() and join()
# expect: full
from multiprocessing import Pool


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    pool = Pool(processes)
    try:
        return list(pool.imap(cpu_bound, numbers, chunksize=1))
    finally:
        pool.close()
        pool.join()
