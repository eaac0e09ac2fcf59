"""What the schedule tests share: the moments they move the clock between (the `clock` fixture,
tests/conftest.py), and a replacement scheduled through the editorial workflow.

START lies after every stamp the report's load leaves, so the scheduled moments are the newest
the data has and Last-Modified can be seen to become them.
"""

import datetime

from publishing import workflow

START = datetime.datetime(2030, 1, 1, 8, 0, tzinfo=datetime.UTC)
T = START + datetime.timedelta(hours=1)  # a scheduled publication
T2 = START + datetime.timedelta(hours=2)  # a scheduled expiry
SECOND = datetime.timedelta(seconds=1)


def schedule_rename(record, *, author, publisher, name_zh, publish_at, expire_at=None):
    """author renames a live entry in a version and submits it; publisher approves it for publish_at."""
    version = workflow.version_to_edit(record, user=author)
    version.name_zh, version.name_en = name_zh, "Renamed Subdistrict"
    version.save()
    workflow.note_edit(version, user=author, fields=["name_zh", "name_en"])
    workflow.submit(version, user=author)
    return workflow.approve(version, user=publisher, publish_at=publish_at, expire_at=expire_at)
