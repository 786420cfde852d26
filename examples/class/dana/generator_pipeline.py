"""Generators as coroutines: a producer sends items, a consumer takes turns with it.

The seed's story: before ``async``/``await``, Python's coroutines were
generators.  ``n = yield r`` both hands ``r`` back to whoever resumed the
generator and receives the next value they ``send``.  The producer primes the
consumer with ``c.send(None)`` (running it to its first ``yield``), sends it
1, 2, 3, 4, 5, gets ``'200 OK'`` back after each, and finally ``c.close()``s
it.  Producer and consumer take turns in one thread, with no lock and no
event loop: each ``send`` runs the consumer until its next ``yield``.

The seed's consumer stops on ``if not n: return``: sending it ``0`` (or
``''``) ends it, and the next ``send`` raises ``StopIteration`` in the
producer.  Here only ``None`` means "stop", and whatever ends the consumer
(``send(None)``, ``close()``, an error) a ``finally`` releases what it holds.
"""
import inspect


class Sink:
    """Where a consumer puts what it consumes: a list that can be closed, like a file.

    ``write(item)`` appends ``item`` to ``items``; after ``close()`` writing
    raises ``ValueError``, as writing to a closed file does.
    """

    def __init__(self):
        self.items = []
        self.closed = False

    def write(self, item):
        if self.closed:
            raise ValueError("write to a closed sink")
        self.items.append(item)

    def close(self):
        self.closed = True


def consumer(sink):
    """A generator-based coroutine: write every item sent to it into ``sink``.

    The protocol, seen from the producer::

        c = consumer(sink)   # nothing runs yet
        next(c)              # priming (same as c.send(None)): runs to the first yield -> ''
        c.send(item)         # sink.write(item), then -> '200 OK'
        ...
        c.close()            # GeneratorExit at the yield: sink.close(), c is finished
        # or c.send(None)    # a clean stop: sink.close(); StopIteration(value=items written)

    Args:
        sink: an object with ``write(item)`` and ``close()``, such as a
            :class:`Sink`.

    Yields:
        ``''`` when primed (nothing consumed yet), then ``'200 OK'`` after
        writing each item sent to it.

    Returns:
        The number of items written, when stopped with ``send(None)`` (the
        ``value`` of the ``StopIteration`` the producer gets).

    Concurrency:
        Runs only inside the producer's ``next``/``send``/``close`` calls,
        in the producer's thread: the two take turns, no lock is needed.
        Every item except ``None`` is an item (``0``, ``''``, ``False``
        too); only ``None`` stops it.  However it ends -- ``send(None)``,
        ``close()``, an exception thrown in with ``throw()`` -- ``sink`` is
        closed exactly once, and it never yields again after ``GeneratorExit``.
    """
    ### BEGIN SOLUTION
    written = 0
    reply = ""
    try:
        while True:
            item = yield reply
            # `if not item` would stop on 0, '' and False, which are items too.
            if item is None:
                return written
            sink.write(item)
            written += 1
            reply = "200 OK"
    finally:
        # Runs on return, on close() (GeneratorExit raised at the yield) and on
        # errors: code after the loop would be skipped by close().
        sink.close()
    ### END SOLUTION


def produce(c, items):
    """Feed ``items`` to the consumer ``c`` one at a time, then close it.

    Args:
        c: a consumer generator that has not started yet, following the
            protocol of :func:`consumer`.
        items: a list of items; none of them is ``None``.  May be empty.

    Returns:
        The replies ``c`` yielded for the items, one per item, in order --
        not the reply to the priming.

    Raises:
        StopIteration: ``c`` ended before it was sent every item (passed on).

    Concurrency:
        ``c`` runs only while ``produce`` is inside ``next``/``send``/
        ``close``: each ``send`` waits for the consumer's reply.  ``c`` is
        always primed, even for no items (closing a generator that never
        started runs none of its code, so its ``finally`` would not run).
        When ``produce`` returns, ``c`` is closed
        (``inspect.getgeneratorstate(c) == 'GEN_CLOSED'``).
    """
    ### BEGIN SOLUTION
    # Priming: a just-started generator accepts only None ("can't send
    # non-None value to a just-started generator").
    c.send(None)
    replies = []
    for item in items:
        replies.append(c.send(item))
    # GeneratorExit at the consumer's yield: its finally runs now, not at
    # some later garbage collection.
    c.close()
    return replies
    ### END SOLUTION


if __name__ == "__main__":
    sink = Sink()
    c = consumer(sink)
    print("replies:", produce(c, [1, 2, 0, "", 5]))
    print("sink:", sink.items, "closed:", sink.closed)
    print("consumer:", inspect.getgeneratorstate(c))
