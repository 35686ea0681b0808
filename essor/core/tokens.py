import secrets


def new_token() -> str:
    """A URL-safe secret for private links (calendar subscriptions...)."""
    return secrets.token_urlsafe(24)
