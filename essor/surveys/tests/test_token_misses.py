"""Survey links: wrong tokens use up a budget per address, then every token is 404."""

from django.urls import reverse


def test_wrong_survey_tokens_then_every_token_is_404(client, srv, settings):
    settings.TOKEN_MISSES_PER_ADDRESS = 2
    url = reverse("surveys:answer", args=[srv.survey.public_token])
    assert client.get(url).status_code == 200
    for n in range(2):
        assert client.get(reverse("surveys:answer", args=[f"faux{n}"])).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(url, REMOTE_ADDR="10.8.8.8").status_code == 200
