# alternative: the seed's version: one lock held around the whole loop (correct, runs the adds one after another)
# expect: full
import multiprocessing as mp


def add(counter, n, times):
    with counter.get_lock():
        for _ in range(times):
            counter.value += n


def count_together(amounts, times):
    v = mp.Value('i', 0)
    ps = [mp.Process(target=add, args=(v, n, times)) for n in amounts]
    [p.start() for p in ps]
    [p.join() for p in ps]
    return v.value


def fill_squares(array, start, stop):
    for i in range(start, stop):
        array[i] = i * i


def squares_together(length, processes):
    arr = mp.Array('i', length)
    size, extra = divmod(length, processes)
    ps, start = [], 0
    for k in range(processes):
        stop = start + size + (1 if k < extra else 0)
        ps.append(mp.Process(target=fill_squares, args=(arr, start, stop)))
        start = stop
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return arr[:]
