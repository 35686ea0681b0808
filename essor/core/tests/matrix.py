"""Expected HTTP status per role, for the permission matrices of the governance apps."""

from conftest import ROLES

MEMBERS = ("admin", "facilitator", "committee_member", "contributor")


def _statuses(ok: int, *, published: bool, kind: str) -> dict[str, int]:
    expected = {}
    for role in ROLES:
        if kind == "public":  # calendar, timeline, bodies: readable by anyone once published
            expected[role] = 200 if role in MEMBERS or published else 404
        elif role == "anonymous":  # internal or managing pages need a login first
            expected[role] = 302
        elif role in ("outsider", "other_workspace"):  # a role elsewhere gives nothing here
            expected[role] = 403 if published else 404
        elif kind == "internal" or role in ("admin", "facilitator"):
            expected[role] = ok
        else:  # committee members and contributors read but do not manage
            expected[role] = 403
    return expected


def cases(kind: str, ok: int = 200):
    """(role, published, expected status) for every role, unpublished and published."""
    return [
        (role, published, status)
        for published in (False, True)
        for role, status in _statuses(ok, published=published, kind=kind).items()
    ]


def matrix(views) -> list:
    """pytest params (name, method, role, published, expected) for views given as
    (name, method, kind of page, status when allowed)."""
    import pytest

    return [
        pytest.param(
            name, method, role, published, status, id=f"{name}-{method}-{role}-{published}"
        )
        for name, method, kind, ok in views
        for role, published, status in cases(kind, ok)
    ]


def request_as(client, method: str, url: str, data: dict, role: str, expected: int):
    """Do the request and check the status (and the login redirect of anonymous visitors)."""
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected, response.content[:1500]
    if response.status_code == 302 and role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    return response
