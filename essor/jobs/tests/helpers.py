"""Running the background work a request starts, in tests that never commit."""

from django.test import TestCase


def run_jobs(fn, *args, **kwargs):
    """Calls fn; the background work it starts runs before it returns, as on a server
    without a worker (the test's transaction never commits, so on_commit never fires)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)
