# mutant: the parent keeps its copy of the Pipe's sending end: recv() waits forever when the child dies silently
# expect-fail: test_child_killed_by_a_signal, test_failing_child_exits_with_1
import collections
import multiprocessing
import os
import sys

Child = collections.namedtuple("Child", "pid message exitcode")


def greeting():
    return f"I am child process {os.getpid()} and my parent is {os.getppid()}."


def fork_child(code):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(r)
            with open(w, "wb") as pipe:
                pipe.write(greeting().encode())
            status = code
        finally:
            os._exit(status)
    os.close(w)
    with open(r, "rb") as pipe:
        message = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    return Child(pid, message, os.waitstatus_to_exitcode(status))


def child_main(conn, code):
    conn.send(greeting())
    conn.close()
    sys.exit(code)


def process_child(code):
    receiving, sending = multiprocessing.Pipe(duplex=False)
    p = multiprocessing.Process(target=child_main, args=(sending, code))
    p.start()
    try:
        message = receiving.recv()
    except EOFError:
        message = ""
    p.join()
    return Child(p.pid, message, p.exitcode)
