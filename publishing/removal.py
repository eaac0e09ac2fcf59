"""The removed feeds: what partners' copies drop (/api/v1/<resource>/removed/).

A copy is kept with the sync feed (changes, ordered by publishing.models.public_since) and a
removed feed. Every resource's removed feed is built here, so "removed" means one thing:

- a record the public has seen and sees no more (left_public): "withdrawn", because it may come
  back. That is a withdrawn record, one put back into draft, and one whose expire_at has passed
  (the issue's rule: an expired record is withdrawn by the clock). It is removed at its last
  change, or for an expiry at its expire_at: the moment it left, with nothing written then.
- a deleted record the public had seen (a publishing.models.Tombstone): "deleted".
- rows public through such a record (an indicator's observations, left_through): removed when
  it was, as it was.

Versions beside a record (draft_of) never appear: partners know records only. A record whose
expiry is the hand-over to its own scheduled version (publishing.workflow._schedule_version)
has not left; it leaves when that version expires.

The queries are here (models import them); the API's view and serializer of a removed feed are
publishing.viewsets.RemovedView and RemovedSerializer.
"""

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When
from django.utils import timezone

from publishing.models import State, public_through, was_public_by

WITHDRAWN = "withdrawn"
DELETED = "deleted"


def left_public(queryset, *, now=None):
    """The records of queryset the public has seen and sees no more, each with removed_at.

    removed_at is the record's expire_at if it expired (its scheduled version's expire_at if its
    expiry was a hand-over to that version), otherwise its last change (withdrawn, back in draft).
    """
    now = now or timezone.now()
    handover = queryset.model.objects.filter(
        draft_of=OuterRef("pk"), state=State.PUBLISHED, publish_at=OuterRef("expire_at")
    )
    expired = Q(state=State.PUBLISHED, expire_at__lte=now)
    rows = (
        queryset.filter(was_public_by(now))
        .exclude(public_through(now=now))
        .annotate(handed_over=Exists(handover), handover_ends=Subquery(handover.values("expire_at")[:1]))
    )
    # Handed over to a version still public (no expiry, or not yet come): the entry never left.
    still_shown = expired & Q(handed_over=True) & (Q(handover_ends__isnull=True) | Q(handover_ends__gt=now))
    return rows.filter(~still_shown).annotate(
        removed_at=Case(
            When(expired & Q(handed_over=True), then=F("handover_ends")),
            When(expired, then=F("expire_at")),
            default=F("updated_at"),
        )
    )


def left_through(queryset, relation, owners_left):
    """Rows of queryset public through relation whose owner is in owners_left (left_public()),
    each removed when its owner was."""
    return queryset.filter(**{f"{relation}__in": owners_left.values("pk")}).annotate(
        removed_at=Subquery(owners_left.filter(pk=OuterRef(relation)).values("removed_at")[:1])
    )


def removed_rows(sources, *, since=None, order=("id",)):
    """The removed feed of one resource: a list of dicts, oldest removal first.

    sources: (queryset, state, {field: column}) for each kind of removal, each queryset having
    a removed_at (left_public, left_through, a Tombstone model). Each row holds the fields, its
    state and removed_at. since: only those removed at or after it. order: fields breaking ties.
    """
    rows = []
    for queryset, state, fields in sources:
        if since is not None:
            queryset = queryset.filter(removed_at__gte=since)
        for values in queryset.order_by().values(*fields.values(), "removed_at"):
            row = {field: values[column] for field, column in fields.items()}
            rows.append({**row, "state": state, "removed_at": values["removed_at"]})
    return sorted(rows, key=lambda row: (row["removed_at"], *(row[field] for field in order)))
