"""A parent process starts a child, hears from it, and waits for it to end.

The seed's story: ``os.fork()`` makes a copy of the running process.  Both
copies return from the same call: the child gets 0, the parent gets the
child's pid.  The child says "I am child process 1235 and my parent is
1234."; then the seed does the same with ``multiprocessing.Process``:
``start()`` it, ``join()`` it.

The seed prints in both processes and stops there.  A real parent needs more:

- **to hear from the child.**  After a fork the two processes share no
  memory: a variable the child sets changes only its own copy.  The child
  talks through a *pipe*, which the parent opens before forking so that
  both processes hold its two ends.
- **to wait for the child.**  A child that has ended stays in the process
  table as a *zombie*, holding its exit status, until its parent collects it
  with ``os.waitpid`` (``Process.join`` does that for you).  The exit status
  is how a child says whether it succeeded.
- **the child must never come back.**  A forked child is a copy of the whole
  program, in the middle of the same function call.  If the child branch
  ends with ``return`` or ``sys.exit()`` instead of ``os._exit()``, the
  child goes on running the caller's code — a second copy of the rest of
  your program.

``os.fork`` exists on Linux and macOS only; ``multiprocessing.Process`` works
everywhere (and on macOS and Windows, and on Linux from Python 3.14, it
starts a fresh interpreter instead of forking: everything it runs must be
importable, i.e. defined at the top level of a module).

Run it with ``python fork_basics.py``.
"""
import collections
import multiprocessing
import os
import sys
import traceback

Child = collections.namedtuple("Child", "pid message exitcode")
Child.__doc__ = """What a parent learned about one child.

pid: the child's process id.
message: the text the child sent through the pipe ("" if it sent nothing).
exitcode: the child's exit status as the parent collected it: the code the
    child exited with, or -N if signal N killed it (like Process.exitcode).
"""


def greeting():
    """The child's message to its parent (what the seed's child prints).

    Call it in the child: ``os.getpid()`` there is the child's pid.  The
    grader replaces it with a version that also records which process
    called it.
    """
    return f"I am child process {os.getpid()} and my parent is {os.getppid()}."


def fork_child(code):
    """Fork a child that sends ``greeting()`` through a pipe and exits with ``code``.

    Args:
        code: the exit status the child ends with (0-255).

    Returns:
        ``Child(pid, message, exitcode)``: the pid ``os.fork()`` returned, the
        text the child wrote into the pipe (decoded from UTF-8; "" when it
        wrote nothing), and the exit status collected with ``os.waitpid``
        (``code``, or ``-N`` when signal ``N`` killed the child: use
        ``os.waitstatus_to_exitcode``).  If ``greeting()`` raises in the
        child, the child prints the traceback and exits with 1 (as a
        ``multiprocessing`` child does).

    Concurrency:
        Parent and child run at the same time.  The child must end with
        ``os._exit()`` whatever happens, so that it never returns into the
        caller's code.  The parent reads the pipe to its end *before* it
        waits for the child: a child whose message fills the pipe (64 KiB on
        Linux) cannot finish writing until someone reads.  When this
        returns, the child has ended and has been reaped (no zombie).
    """
    ### BEGIN SOLUTION
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        # The child.  Whatever happens below, it ends in the `finally` with
        # os._exit(): return or sys.exit() would unwind into the caller's
        # code and run the rest of the program a second time.
        status = 1
        try:
            os.close(read_end)
            with open(write_end, "wb") as pipe:  # closing flushes; os._exit() would not
                pipe.write(greeting().encode())
            status = code
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(status)
    # The parent.  Close our copy of the write end: reading stops at
    # end-of-file, which comes only when *every* write end is closed.
    os.close(write_end)
    with open(read_end, "rb") as pipe:
        message = pipe.read().decode()  # up to end-of-file, however long
    _, status = os.waitpid(pid, 0)  # collect the exit status: no zombie left
    return Child(pid, message, os.waitstatus_to_exitcode(status))
    ### END SOLUTION


def child_main(conn, code):
    """The child process of ``process_child``: send ``greeting()``, exit with ``code``.

    Args:
        conn: the sending end of a ``multiprocessing.Pipe``.
        code: the exit status to end with.

    Concurrency:
        Runs in the child process.  It is a module-level function so that a
        child started with "spawn" or "forkserver" can import it by name.
        Here ``sys.exit(code)`` is the right way out: multiprocessing runs
        the target inside its own bootstrap, which turns ``SystemExit`` into
        the exit code and then calls ``os._exit()`` itself.
    """
    ### BEGIN SOLUTION
    conn.send(greeting())
    conn.close()
    sys.exit(code)
    ### END SOLUTION


def process_child(code):
    """``fork_child`` again, with ``multiprocessing.Process`` running ``child_main``.

    Args:
        code: the exit status the child ends with (0-255).

    Returns:
        ``Child(pid, message, exitcode)``: the child's ``pid``, what it sent
        through a ``multiprocessing.Pipe`` ("" when it died without sending:
        ``recv()`` raises ``EOFError``), and its ``exitcode`` after ``join()``.

    Concurrency:
        Parent and child run at the same time.  Receive the message before
        ``join()``: a big message cannot be sent until someone receives it.
        Close the parent's copy of the sending end after ``start()``, or
        ``recv()`` waits forever for a child that died without sending.
        When this returns, the child has ended and has been joined.
    """
    ### BEGIN SOLUTION
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=child_main, args=(sending, code))
    child.start()
    sending.close()  # only the child sends: recv() sees EOF once it is gone
    try:
        message = receiving.recv()  # before join(): see Concurrency above
    except EOFError:  # it ended without sending anything
        message = ""
    receiving.close()
    child.join()  # waits for it, and collects its exit code
    return Child(child.pid, message, child.exitcode)
    ### END SOLUTION


def main():
    """The seed's demo: one child with os.fork, one with multiprocessing."""
    print(f"Process ({os.getpid()}) start...")
    child = fork_child(0)
    print(f"I ({os.getpid()}) just created a child process ({child.pid}).")
    print(f"It said: {child.message!r} and exited with {child.exitcode}.")
    child = process_child(0)
    print(f"Child process {child.pid} said {child.message!r} and exited with {child.exitcode}.")


if __name__ == "__main__":
    main()
