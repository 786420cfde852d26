# mutant: writes each item only when the next one arrives (off by one): the last item is lost on close
# expect-fail: test_consumer_writes_each_item_then_replies, test_close_runs_cleanup


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
    written = 0
    previous = None
    try:
        item = yield ""
        while item is not None:
            if previous is not None:
                sink.write(previous[0])
                written += 1
            previous = (item,)
            item = yield "200 OK"
        if previous is not None:
            sink.write(previous[0])
            written += 1
        return written
    finally:
        sink.close()


def produce(c, items):
    c.send(None)
    replies = []
    for item in items:
        replies.append(c.send(item))
    c.close()
    return replies

