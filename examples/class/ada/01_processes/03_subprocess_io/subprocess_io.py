"""Run another program: its arguments, its input and output, its exit code, a deadline.

The seed's story: a child process does not have to be a copy of Python.
``subprocess.call(['nslookup', 'www.python.org'])`` runs the ``nslookup``
program, lets it print to the terminal, waits for it and returns its exit
code.  Then ``subprocess.Popen(['nslookup'], stdin=PIPE, stdout=PIPE,
stderr=PIPE)`` with ``p.communicate(b'set q=mx\\npython.org\\nexit\\n')``
types commands into it and collects what it answered.

This course uses ``sys.executable -c ...`` (the Python running this file)
instead of ``nslookup``: it exists on every machine and needs no network.

A command is a **list**: the program, then each argument as its own
string.  The list goes to the operating system as it is; no shell reads it,
so ``'; rm -rf x'`` or ``'$HOME'`` reach the program as plain text.  With
``shell=True`` and one string, ``/bin/sh`` would split it at spaces, expand
``$HOME`` and ``*``, and run whatever follows a ``;``.

Run it with ``python subprocess_io.py``.
"""
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")
Result.__doc__ = """How a command ended: its exit code and everything it printed (str).

returncode: the exit code, or -N if signal N killed it.
stdout, stderr: what it wrote to each, decoded from UTF-8.
"""


def call(args):
    """Run the command ``args``, wait for it to end, and return its exit code.

    Args:
        args: the program and its arguments, a list of str.  No shell.

    Returns:
        The exit code (``-N`` if signal ``N`` killed it).

    Concurrency:
        Blocks until the command ends.  The command shares our standard
        input, output and error: it prints where we print, as the seed's
        ``nslookup`` printed to the terminal.
    """
    ### BEGIN SOLUTION
    # A list, no shell=True: every item reaches the program as one argument.
    return subprocess.call(args)
    ### END SOLUTION


def pipe_through(args, text):
    """Run ``args``, send ``text`` to its standard input, and collect its output.

    Args:
        args: the program and its arguments, a list of str.  No shell.
        text: everything to write to the command's standard input (str);
            then its input is closed, so it reads end-of-file.

    Returns:
        ``Result(returncode, stdout, stderr)``, the two outputs kept apart.
        A non-zero exit code is returned, not raised.

    Concurrency:
        The command runs at the same time as we feed it.  Each pipe holds
        only 64 KiB: a command that writes while it reads blocks when nobody
        empties its output, and then stops reading its input.  Writing all
        the input first and reading afterwards deadlocks on big data;
        ``communicate()`` writes and reads at the same time.
    """
    ### BEGIN SOLUTION
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, encoding="utf-8")
    # Writes `text`, closes stdin, and reads both outputs to the end, all at
    # once; then waits for the process, so returncode is set.
    stdout, stderr = proc.communicate(text)
    return Result(proc.returncode, stdout, stderr)
    ### END SOLUTION


def run_with_timeout(args, text, timeout):
    """``pipe_through(args, text)``, but stop a command that runs too long.

    Args:
        args: the program and its arguments, a list of str.  No shell.
        text: its standard input (str).
        timeout: seconds the command may run.

    Returns:
        ``Result(returncode, stdout, stderr)`` when it ends in time.

    Raises:
        subprocess.TimeoutExpired: it was still running after ``timeout``
            seconds.  Before raising, kill it and wait for it, so that it is
            neither left running (an orphan) nor left unreaped (a zombie).

    Concurrency:
        Blocks at most about ``timeout`` seconds.  ``kill()`` sends SIGKILL,
        which a program cannot catch or ignore (``terminate()`` sends
        SIGTERM, which it can); the kill only *asks* the kernel to end it,
        and ``wait()`` collects its exit status.
    """
    ### BEGIN SOLUTION
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, encoding="utf-8")
    try:
        stdout, stderr = proc.communicate(text, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()           # SIGKILL: it cannot refuse
        proc.communicate()    # wait for it (no zombie) and close our pipe ends
        raise
    return Result(proc.returncode, stdout, stderr)
    ### END SOLUTION


def main():
    """The seed's demo, with Python as the program."""
    print("$ python -c 'print(6 * 7)'")
    code = call([sys.executable, "-c", "print(6 * 7)"])
    print("Exit code:", code)
    print("$ python -c '<shout what you read>'")
    result = pipe_through([sys.executable, "-c", "import sys; print(sys.stdin.read().upper())"],
                          "set q=mx\npython.org\nexit\n")
    print(result.stdout, end="")
    print("Exit code:", result.returncode)
    try:
        run_with_timeout([sys.executable, "-c", "import time; time.sleep(10)"], "", 0.5)
    except subprocess.TimeoutExpired as exc:
        print(f"Stopped: {exc}")


if __name__ == "__main__":
    main()
