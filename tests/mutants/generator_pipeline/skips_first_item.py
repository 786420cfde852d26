# mutant: the seed's counter ported to an index: n = n + 1 before use skips the first item
# expect-fail: test_produce_primes_then_sends_each_item


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
    c.send(None)
    replies = []
    n = 0
    while n < len(items) - 1:
        n = n + 1
        replies.append(c.send(items[n]))
    c.close()
    return replies
