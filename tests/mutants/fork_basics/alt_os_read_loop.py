# alternative: raw os.read/os.write loops, WIFSIGNALED by hand, poll() before recv, get_context()
# expect: full
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
        try:
            os.close(r)
            data = greeting().encode()
            while data:
                data = data[os.write(w, data):]
            os.close(w)
        except BaseException:
            os._exit(1)
        os._exit(code)
    os.close(w)
    chunks = []
    while chunk := os.read(r, 4096):
        chunks.append(chunk)
    os.close(r)
    while True:
        done, status = os.waitpid(pid, 0)
        if done == pid:
            break
    if os.WIFSIGNALED(status):
        exitcode = -os.WTERMSIG(status)
    else:
        exitcode = os.WEXITSTATUS(status)
    return Child(pid, b"".join(chunks).decode("utf-8"), exitcode)


def child_main(conn, code):
    with conn:
        conn.send(greeting())
    sys.exit(code)


def process_child(code):
    ctx = multiprocessing.get_context()
    parent_end, child_end = ctx.Pipe()
    p = ctx.Process(target=child_main, args=(child_end, code))
    p.start()
    child_end.close()
    with parent_end:
        message = ""
        try:
            if parent_end.poll(None):
                message = parent_end.recv()
        except EOFError:
            pass
    p.join()
    return Child(p.pid, message, p.exitcode)
