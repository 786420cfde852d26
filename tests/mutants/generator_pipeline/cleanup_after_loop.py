# mutant: closes the sink after the loop instead of in finally: close() skips it
# expect-fail: test_close_runs_cleanup, test_pipeline_end_to_end


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
        item = yield reply
        if item is None:
            break
        sink.write(item)
        written += 1
        reply = "200 OK"
    sink.close()
    return written


def produce(c, items):
    c.send(None)
    replies = []
    for item in items:
        replies.append(c.send(item))
    c.close()
    return replies

