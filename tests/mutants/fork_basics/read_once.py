# mutant: one os.read(r, 4096) and the parent keeps its write end: a long message is cut, a dead child's silence never ends
# expect-fail: test_message_bigger_than_the_pipe, test_child_killed_by_a_signal
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
            os.write(w, greeting().encode())
            status = code
        finally:
            os._exit(status)
    message = os.read(r, 4096).decode()
    os.close(r)
    os.close(w)
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
    sending.close()
    try:
        message = receiving.recv()
    except EOFError:
        message = ""
    p.join()
    return Child(p.pid, message, p.exitcode)
