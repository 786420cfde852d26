# mutant: the seed's `if not n: return`: 0, '' and False stop the consumer instead of being consumed
# expect-fail: test_falsy_items_are_items, test_pipeline_end_to_end


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
            if not item:
                return written
            sink.write(item)
            written += 1
            reply = "200 OK"
    finally:
        sink.close()


def produce(c, items):
    c.send(None)
    replies = []
    for item in items:
        replies.append(c.send(item))
    c.close()
    return replies

