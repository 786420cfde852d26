# mutant: returns counter.value without joining the processes
# expect-fail: test_waits_for_every_process
import multiprocessing as mp


def add(counter, n, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += n


def count_together(amounts, times):
    v = mp.Value('i', 0)
    ps = [mp.Process(target=add, args=(v, n, times)) for n in amounts]
    for p in ps:
        p.start()
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
