# mutant: no priming: the first send of an item to a just-started generator raises TypeError
# expect-fail: test_produce_primes_then_sends_each_item, test_produce_closes_the_consumer, test_pipeline_end_to_end


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
    replies = []
    for item in items:
        replies.append(c.send(item))
    c.close()
    return replies
