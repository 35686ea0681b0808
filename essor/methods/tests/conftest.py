from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def builtins(db):
    """The two shipped templates, loaded as `make run` does."""
    from essor.methods.models import MethodTemplate

    call_command("load_method_templates", stdout=StringIO())
    return MethodTemplate.objects.builtin()


@pytest.fixture
def consultancy(builtins):
    return builtins.get(slug="methode-cabinet-3-phases")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast's five accounts are hashed for every test: keep it cheap here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
