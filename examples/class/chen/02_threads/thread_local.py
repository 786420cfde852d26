"""Per-thread data without passing it around: ``threading.local``.

The seed's story: a school greets its students, one thread per student.
Deep inside, ``process_student()`` must know which student *its* thread is
working on, without every function passing the student along.  A plain
global is shared by all threads: when two threads set it, the last one wins
and both greet the same student.  ``threading.local()`` is one object whose
attributes are separate for every thread: ``local_school.student`` set in
thread A is invisible in thread B, and A reads back exactly what A set.
"""
import threading

# One object for the whole module, created once; each thread sees its own
# attributes on it.
local_school = threading.local()


def process_student():
    """The greeting for the student bound to the current thread.

    Returns:
        ``'Hello, <student> (in <thread name>)'``: the student stored in
        ``local_school.student`` by this thread, and the name of the thread
        that is running this call (``threading.current_thread().name``).

    Raises:
        AttributeError: this thread has not bound a student yet.

    Concurrency:
        Called from many threads at the same time.  It reads only this
        thread's own ``local_school.student``, so it needs no lock.
    """
    ### BEGIN SOLUTION
    student = local_school.student
    # Ask the running thread for its name: a name built from the student
    # ('Thread-' + student) would be wrong in any thread not named that way.
    return f"Hello, {student} (in {threading.current_thread().name})"
    ### END SOLUTION


def process_thread(name):
    """Bind ``name`` as this thread's student, then return ``process_student()``.

    Concurrency:
        Runs as the body of one thread; many run at the same time, each
        binding its own student in ``local_school`` without disturbing the
        others.
    """
    ### BEGIN SOLUTION
    # An attribute of the shared thread-local object: separate per thread.
    local_school.student = name
    return process_student()
    ### END SOLUTION


def greet_all(names):
    """Greet every student, each in a thread of its own, all at the same time.

    Runs ``process_thread(name)`` in a new thread named ``'Thread-<name>'``
    for every distinct name in ``names``.

    Args:
        names: student names, e.g. ``['Alice', 'Bob']``.

    Returns:
        ``{name: greeting}``, each greeting being what ``process_thread(name)``
        returned in that student's thread; ``{}`` for no names.

    Concurrency:
        All the threads run at the same time: start every thread first, then
        join them all.  Returns only after every thread has finished.
    """
    ### BEGIN SOLUTION
    greetings = {}

    def run(name):
        # Each thread writes a different key; a single dict assignment is
        # safe without a lock.
        greetings[name] = process_thread(name)

    threads = [threading.Thread(target=run, args=(name,), name=f"Thread-{name}")
               for name in dict.fromkeys(names)]   # dict.fromkeys: distinct, in order
    for thread in threads:
        thread.start()
    # Join only after every thread has started, so that they overlap; the
    # greetings are complete only once every thread has ended.
    for thread in threads:
        thread.join()
    return greetings
    ### END SOLUTION
