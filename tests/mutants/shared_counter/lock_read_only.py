# mutant: the lock taken for the read only, released before the write
# expect-fail: test_no_update_is_lost
import multiprocessing as mp


def add(counter, n, times):
    for _ in range(times):
        with counter.get_lock():
            current = counter.value
        counter.value = current + n


def count_together(amounts, times):
    v = mp.Value('i', 0)
    ps = [mp.Process(target=add, args=(v, n, times)) for n in amounts]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return v.value


def fill_squares(array, start, stop):
    for i in range(start, stop):
        array[i] = i * i


def squares_together(length, processes):
    arr = mp.Array('i', length)
    b = [k * length // processes for k in range(processes + 1)]
    ps = [mp.Process(target=fill_squares, args=(arr, b[k], b[k + 1])) for k in range(processes)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return list(arr)
