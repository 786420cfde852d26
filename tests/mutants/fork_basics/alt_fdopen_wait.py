# alternative: os.fdopen text files, os.wait() for any child, os._exit in child_main too
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
    if pid:
        os.close(w)
        with os.fdopen(r, encoding="utf-8") as f:
            message = f.read()
        waited, status = os.wait()
        assert waited == pid
        return Child(pid, message, os.waitstatus_to_exitcode(status))
    exit_with = 1
    try:
        os.close(r)
        f = os.fdopen(w, "w", encoding="utf-8")
        f.write(greeting())
        f.close()
        exit_with = code
    finally:
        os._exit(exit_with)


def child_main(conn, code):
    conn.send(greeting())
    conn.close()
    os._exit(code)


def process_child(code):
    reader, writer = multiprocessing.Pipe(False)
    child = multiprocessing.Process(target=child_main, args=(writer, code), daemon=True)
    child.start()
    writer.close()
    try:
        message = reader.recv()
    except EOFError:
        message = ""
    finally:
        reader.close()
        child.join()
    return Child(child.pid, message, child.exitcode)
