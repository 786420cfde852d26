# mutant: the fork branch ends with sys.exit(code): SystemExit unwinds into the caller's code
# expect-fail: test_child_never_returns_into_caller
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
        os.close(r)
        os.write(w, greeting().encode())
        os.close(w)
        sys.exit(code)
    os.close(w)
    chunks = []
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    return Child(pid, b"".join(chunks).decode(), os.waitstatus_to_exitcode(status))


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
