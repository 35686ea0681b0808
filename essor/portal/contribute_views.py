"""The public's form to send a contribution between workshops, when the facilitators open
the portal to it (``PortalSettings.accept_contributions``).

Anonymous by design: no name, no e-mail; the client address is only counted by the rate
limits, under a keyed hash (``core.tokens.keyed_digest``) in a cache key that lapses.
Robots are turned away by a honeypot (answered as if sent, nothing saved) and people by
two rate limits: one per connection, one for the whole process (a flood from many
addresses), both refusing with a French message, the text kept in the form.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from essor.contributions.forms import OnlineContributionForm
from essor.core.throttle import client_address, over_rate
from essor.core.tokens import keyed_digest
from essor.portal import visibility
from essor.portal.permissions import get_public_process

CLIENT_RATE = "5/10m"
PROCESS_RATE = "300/h"
SENT = "envoye"


def _refused_by_rate(request, process) -> bool:
    # A door: when the cache is down, refuse rather than open it to a flood.
    address = keyed_digest(client_address(request), "contribute")
    return over_rate("contribute", address, CLIENT_RATE, fail_closed=True) or over_rate(
        "contribute-process", str(process.pk), PROCESS_RATE, fail_closed=True
    )


def contribute(request, process_id):
    process = get_public_process(process_id)
    portal = visibility.settings_for(process)
    if not portal.accept_contributions:
        raise Http404
    form = OnlineContributionForm(request.POST or None, process=process)
    status = 200
    if request.method == "POST":
        sent_url = reverse("portal:contribute", args=[process.pk]) + f"?{SENT}=1"
        if form.is_robot:
            return redirect(sent_url)
        if form.is_valid():
            if _refused_by_rate(request, process):
                form.add_error(
                    None,
                    _(
                        "Too many contributions have been sent from here in the last minutes: "
                        "please try again later. Your text is kept below."
                    ),
                )
                status = 429
            else:
                form.send()
                return redirect(sent_url)
    context = {"process": process, "form": form, "sent": request.GET.get(SENT) == "1"}
    return render(request, "portal/contribute.html", context, status=status)
