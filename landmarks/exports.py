""""Download what you see": the directory's current list as CSV or JSON.

The rows are the API's (landmarks.serializers.LandmarkSerializer, all fields), so the page's CSV
and /api/v1/landmarks/?format=csv have the same columns and rows for the same query string, and
the data package's landmarks table holds the same rows unfiltered. They are language-neutral
(data fields carry their language in the name), so a file made from the Chinese page matches one
made from the English page.
"""

from landmarks.serializers import LandmarkSerializer
from publishing import downloads


def download(landmarks, *, request, output, stem):
    """landmarks: a queryset of published entries in the order to download them."""
    rows = landmarks.with_same_place()
    if output == "csv":
        rows = rows.iterator(chunk_size=1000)  # streamed: a long list is never all in memory
    return downloads.serialized_response(LandmarkSerializer, rows, request=request, output=output, stem=stem)
