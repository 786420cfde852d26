# mutant: the Process target is a function nested in process_child: fine with fork, can't be pickled for spawn/forkserver
# expect-fail: test_process_child_under
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


def process_child(code):
    def child_main(conn):
        conn.send(greeting())
        conn.close()
        sys.exit(code)

    receiving, sending = multiprocessing.Pipe(duplex=False)
    p = multiprocessing.Process(target=child_main, args=(sending,))
    p.start()
    sending.close()
    try:
        message = receiving.recv()
    except EOFError:
        message = ""
    p.join()
    return Child(p.pid, message, p.exitcode)
