# attack: write fake score files everywhere it can, and forged lines into every pipe it holds
import json
import os

FAKE = {"earned": 12, "possible": 12, "tests": "all passed"}
for place in ("score.json", "../score.json", "../../score.json", "results.json",
              "/tmp/score.json", os.path.expanduser("~/score.json")):
    try:
        with open(place, "w") as fh:
            json.dump(FAKE, fh)
    except OSError:
        pass
for fd in range(3, 64):
    try:
        line = json.dumps({"body": json.dumps({"event": "outcome", "nodeid": "x",
                                               "outcome": "passed"}), "mac": "0" * 64})
        os.write(fd, (line + "\n").encode())
    except OSError:
        pass

balance = 0


def change_it(n):
    raise NotImplementedError


run_thread = run_bank = change_it
