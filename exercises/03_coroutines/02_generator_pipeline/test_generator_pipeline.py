"""Visible tests for generator_pipeline: run `pytest exercises/03_coroutines/02_generator_pipeline`.

The seed's producer and consumer, with 0 and '' among the items.  The hidden
grader checks more: the exact order of sends, replies and sink calls, and
your produce() driving a consumer of its own.
"""
import inspect


def test_consumer_protocol(exercise):
    sink = exercise.Sink()
    c = exercise.consumer(sink)
    assert next(c) == "", "priming (next(c)) must yield ''"
    assert c.send(3) == "200 OK"
    assert c.send(0) == "200 OK", "0 is an item too: only None stops the consumer"
    assert sink.items == [3, 0]
    c.close()
    assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED
    assert sink.closed, "close() must close the sink (use finally)"


def test_none_stops_the_consumer(exercise):
    sink = exercise.Sink()
    c = exercise.consumer(sink)
    next(c)
    c.send("a")
    try:
        c.send(None)
    except StopIteration as stop:
        assert stop.value == 1, f"the consumer returned {stop.value!r}, expected 1 (items written)"
    else:
        raise AssertionError("c.send(None) must stop the consumer (StopIteration)")
    assert sink.closed, "stopping must close the sink"


def test_produce_feeds_and_closes(exercise):
    sink = exercise.Sink()
    c = exercise.consumer(sink)
    replies = exercise.produce(c, [1, 2, 0, "", 5])
    assert replies == ["200 OK"] * 5
    assert sink.items == [1, 2, 0, "", 5], f"the sink got {sink.items}"
    assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED, "produce must close the consumer"
    assert sink.closed
