# mutant: join() before recv(): the child cannot finish sending a message bigger than the pipe
# expect-fail: test_message_bigger_than_the_pipe
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
    sending.close()
    p.join()
    try:
        message = receiving.recv()
    except EOFError:
        message = ""
    return Child(p.pid, message, p.exitcode)
