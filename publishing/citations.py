"""Where a citation points: the report reader's address of a line of data/report/report.txt.

Every citation on the site and in the API links here, whichever app its record is in. The
address is the line's (/report/line/241/), which the reader redirects to the line in its chapter,
so it never changes when the reader's chapters do; `to` names the passage's last line, which the
reader highlights with it.
"""

from django.urls import reverse

PASSAGE_END_PARAM = "to"


def line_url(first, last=None):
    """/report/line/<first>/, with ?to=<last> when the passage runs past its first line; None
    for a citation without a line."""
    if not first:
        return None
    url = reverse("report-line", args=[first])
    if last and last > first:
        url += f"?{PASSAGE_END_PARAM}={last}"
    return url
