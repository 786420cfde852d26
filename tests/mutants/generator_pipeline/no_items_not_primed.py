# mutant: returns early for no items without priming: closing a never-started consumer runs none of its cleanup
# expect-fail: test_produce_falsy_and_no_items


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
    reply = ""
    try:
        while True:
            item = yield reply
            if item is None:
                return written
            sink.write(item)
            written += 1
            reply = "200 OK"
    finally:
        sink.close()


def produce(c, items):
    if not items:
        c.close()
        return []
    c.send(None)
    replies = [c.send(item) for item in items]
    c.close()
    return replies
