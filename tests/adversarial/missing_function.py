# attack (by accident): nothing the exercise asks for
balance = 0
