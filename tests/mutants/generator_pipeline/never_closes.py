# mutant: never closes the consumer: it stays suspended at its yield and its sink stays open
# expect-fail: test_produce_closes_the_consumer, test_pipeline_end_to_end


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
    return [c.send(item) for item in items]
