# alternative: catches GeneratorExit explicitly (cleans up, re-raises); produce closes in a finally
# expect: full


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
    n = 0
    item = yield ""
    while item is not None:
        try:
            sink.write(item)
        except BaseException:
            sink.close()
            raise
        n += 1
        try:
            item = yield "200 OK"
        except GeneratorExit:
            sink.close()
            raise
    sink.close()
    return n


def produce(c, items):
    replies = []
    next(c)
    try:
        for item in items:
            replies.append(c.send(item))
    finally:
        c.close()
    return replies
