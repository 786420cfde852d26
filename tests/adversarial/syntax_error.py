# attack (by accident): a syntax error
balance = 0


def change_it(n)
    global balance
    balance = balance + n
