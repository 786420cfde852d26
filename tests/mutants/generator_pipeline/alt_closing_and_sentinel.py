# alternative: contextlib.closing(sink) and a walrus loop; produce stops with the None sentinel and catches StopIteration
# expect: full
import contextlib


class Sink:
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
    count = 0
    with contextlib.closing(sink):
        while (item := (yield ("200 OK" if count else ""))) is not None:
            sink.write(item)
            count += 1
    return count


def produce(c, items):
    next(c)
    replies = [c.send(item) for item in items]
    try:
        c.send(None)
    except StopIteration:
        pass
    return replies
