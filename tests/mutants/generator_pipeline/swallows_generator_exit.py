# mutant: a bare except around the yield keeps the consumer going: it swallows GeneratorExit and yields again
# expect-fail: test_close_runs_cleanup


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
    while True:
        try:
            item = yield reply
        except:  # noqa: E722 - "robust": ignore anything thrown in
            reply = "error"
            continue
        if item is None:
            sink.close()
            return written
        sink.write(item)
        written += 1
        reply = "200 OK"


def produce(c, items):
    c.send(None)
    replies = []
    for item in items:
        replies.append(c.send(item))
    c.close()
    return replies

