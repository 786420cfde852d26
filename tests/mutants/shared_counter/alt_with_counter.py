# alternative: `with counter:` (a synchronized Value is its own lock), slice assignment, get_context()
# expect: full
import multiprocessing


def add(counter, n, times):
    for _ in range(times):
        with counter:
            counter.value = counter.value + n


def count_together(amounts, times):
    ctx = multiprocessing.get_context()
    counter = ctx.Value('i', 0)
    workers = []
    for n in amounts:
        p = ctx.Process(target=add, args=(counter, n, times))
        p.start()
        workers.append(p)
    for p in workers:
        p.join()
    return counter.value


def fill_squares(array, start, stop):
    array[start:stop] = [i * i for i in range(start, stop)]


def squares_together(length, processes):
    ctx = multiprocessing.get_context()
    array = ctx.Array('i', length)
    chunk = -(-length // processes)  # ceiling division: the last slice is the short one
    workers = [ctx.Process(target=fill_squares,
                           args=(array, k * chunk, min(length, (k + 1) * chunk)))
               for k in range(processes)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    return list(array)
