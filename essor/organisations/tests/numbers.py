"""Real-world-shaped SIREN/SIRET numbers for the tests, with a Luhn written independently."""


def luhn_sum(digits: str) -> int:
    # Double every second digit from the right, add the digits of the products.
    total = 0
    for position, char in enumerate(digits[::-1], start=1):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += sum(int(c) for c in str(product))
    return total


def complete(prefix: str) -> str:
    """``prefix`` followed by the Luhn check digit."""
    return next(prefix + d for d in "0123456789" if luhn_sum(prefix + d) % 10 == 0)


def siren(first_eight: str) -> str:
    return complete(first_eight)


def siret(first_eight: str, establishment: str = "0001") -> str:
    """A valid SIRET whose first 9 digits are a valid SIREN (establishment: 4 digits)."""
    return complete(siren(first_eight) + establishment)


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)
