"""What may the public see, and how a change of it is made: versions, review, schedule, audit.

Landmark, Indicator and ActionPlan inherit Publishable; records that live inside another (an
indicator's observations, a plan's targets) are public when their owner is, through
public_through(). Every page, feed, sitemap, download, count and API response starts from
.published(), so the rule "public now" is written once, below, and it reads the clock: a
scheduled publication or expiry shows at its second with nothing written then.

A change to a live record is made on a version row beside it (draft_of = the live row), which
the public never sees; approving it copies it onto the live row (publishing.workflow). A
version approved for a later moment stays a row of its own until then: it becomes public at
publish_at while the live row expires at the same instant, so the two never show together.

Also abstract: PendingUpload, a spreadsheet waiting between an import's preview and its
confirmation; each app's import keeps its own table of them.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("waiting for review")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


def public_through(relation="", *, now=None):
    """The condition "public now" on a record reached through `relation` (e.g. "indicator").

    Published, its publish_at (if any) come, its expire_at (if any) not yet come.
    """
    prefix = f"{relation}__" if relation else ""
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}state": State.PUBLISHED})
        & (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now}))
        & (Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now}))
    )


def public_since(relation=""):
    """When a public row last became what the public sees: its last change, or its publish_at if
    later (a version approved early and shown at its moment). Sync feeds order by this.

    relation: for a row public through another (an observation through "indicator"), that row's
    last change and publish_at count too: the row shows its owner's columns (the unit), and it
    becomes public again when its owner does.
    """
    if not relation:
        return Greatest("updated_at", Coalesce("publish_at", "updated_at"))
    return Greatest("updated_at", f"{relation}__updated_at", Coalesce(f"{relation}__publish_at", "updated_at"))


def was_public_by(now=None):
    """The condition "a record the public has seen": not a version, first published by now.

    A record first published at a later moment (published_at is then that moment) has not been
    seen yet; a version's published_at stays empty (its record's is the one that counts).
    """
    return Q(draft_of__isnull=True, published_at__lte=now or timezone.now())


class PublishableQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """What the public may see now."""
        return self.filter(public_through(now=now))

    def records(self):
        """The records themselves, without the versions waiting beside them: what loaders match,
        what keys are unique among, what an editor opens."""
        return self.filter(draft_of__isnull=True)

    def pending_versions(self):
        """Versions of live records not yet approved: drafts and those waiting for review."""
        return self.filter(draft_of__isnull=False, state__in=[State.DRAFT, State.REVIEW])

    def as_edited(self):
        """Each record as editors see it now: its pending version if it has one, else itself.

        What imports and loaders compare with and write over, so that running one twice changes
        nothing the second time, and a draft's edits are kept by a file that leaves them.
        """
        pending = self.model.objects.pending_versions()
        without_draft = Q(draft_of__isnull=True) & ~Q(pk__in=pending.values("draft_of_id"))
        return self.filter(without_draft | Q(pk__in=pending.values("pk"))).select_related("draft_of")

    def changed_since(self, moment):
        """Rows that became what the public sees at or after moment (public_since)."""
        return self.alias(public_since_at=public_since()).filter(public_since_at__gte=moment)

    def set_state(self, state):
        """Move these records to state in one UPDATE; returns how many changed.

        Like save(), it stamps updated_at (so sync, ETags and cached counts see the change) and,
        on a first publication, published_at.
        """
        now = timezone.now()
        changes = {"state": state, "updated_at": now, "lock_version": F("lock_version") + 1}
        if state == State.PUBLISHED:
            changes["published_at"] = Coalesce("published_at", Greatest(Value(now), Coalesce("publish_at", Value(now))))
        return self.exclude(state=state).update(**changes)


class Publishable(models.Model):
    """A record the public sees once it is published (and no longer once withdrawn or expired)."""

    State = State

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # Set the first time the record is published, never cleared: the feed's order, and how sync
    # tells a record partners have seen (to be dropped if it leaves) from a draft they never saw.
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, editable=False, help_text=_("Public from this moment on.")
    )
    expire_at = models.DateTimeField(
        _("expire at"), null=True, blank=True, editable=False, help_text=_("Withdrawn from this moment on.")
    )
    draft_of = models.ForeignKey(
        "self",
        verbose_name=_("version of"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="versions",
        help_text=_("Set on a version being prepared for a live record: the record it will replace."),
    )
    # Moves with every save: an editor saving over a version someone else saved after they
    # opened it is told so (optimistic locking) instead of overwriting it.
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.state == State.PUBLISHED and self.published_at is None and self.draft_of_id is None:
            # First public at its publish_at if that is later: until then the public never saw
            # it, so a removed feed or a deletion before that moment says nothing of it.
            now = timezone.now()
            self.published_at = max(now, self.publish_at or now)
        self.lock_version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "published_at", "lock_version"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # draft_of is on no form, yet the unique keys' condition reads it: without this, a form
        # would skip them and a duplicate would reach the database as an error page.
        exclude = set(exclude or ()) - {"draft_of"}
        if self.draft_of_id is None:
            return super().validate_constraints(exclude=exclude)
        # A version is copied onto its record when approved: its keys are checked as the record's,
        # against the other records, so the approval cannot meet a duplicate.
        own_pk, record_pk, adding = self.pk, self.draft_of_id, self._state.adding
        self.pk, self.draft_of_id, self._state.adding = record_pk, None, False
        try:
            super().validate_constraints(exclude=exclude)
        finally:
            self.pk, self.draft_of_id, self._state.adding = own_pk, record_pk, adding

    @property
    def is_published(self):
        """The instance's side of published(): may the public see it now?"""
        now = timezone.now()
        return (
            self.state == State.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def public_since(self):
        """The row's side of public_since(): its last change, or its publish_at if later."""
        return max(self.updated_at, self.publish_at or self.updated_at)

    @property
    def was_public(self):
        """The row's side of was_public_by(): has the public seen this record?"""
        return self.draft_of_id is None and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_version(self):
        """A version beside a live record (a draft of a change, or one scheduled to replace it)."""
        return self.draft_of_id is not None

    @property
    def is_live(self):
        """The record the public sees or saw: published once and not a version beside another."""
        return self.draft_of_id is None and self.published_at is not None and self.state == State.PUBLISHED

    @property
    def record_id(self):
        """The record's id, also on a version shown in its place: what partners key their copies on."""
        return self.draft_of_id or self.pk

    @property
    def record(self):
        """The record this row is, or is a version of."""
        return self.draft_of if self.draft_of_id else self

    # Hooks for publishing.workflow: what a version copies beyond its own columns.
    # Fields never copied between a version and its record.
    version_exempt_fields = (
        "id", "state", "published_at", "publish_at", "expire_at", "draft_of", "lock_version",
        "created_at", "updated_at",
    )

    def copy_relations(self, target):
        """Copy what lives in other tables (district links, observations) onto target."""
        target.set_related_rows(self.related_rows())

    def address(self):
        """What public URLs name this record by (its slug or code), as one string."""
        raise NotImplementedError

    # What a version keeps in other tables, as rows: {name: [rows]}, one name per reverse
    # foreign key in versioned_relations. django-reversion follows these (each app's apps.py), so
    # that a saved version's rows (publishing.history) are shown and put back by the same methods
    # as the database's.
    versioned_relations = ()

    def related_rows(self):
        """{name: [rows]} of what the row keeps in other tables now."""
        return {}

    @classmethod
    def related_content_of(cls, related):
        """{label: text} of related ({name: [rows]}), for comparing versions."""
        return {}

    def set_related_rows(self, related, *, content_only=False):
        """Make what this row keeps in other tables the rows of related ({name: [rows]}).
        content_only: copy only what a saved version keeps (not what the loader remembers)."""

    def related_content(self):
        """{label: text} of what the record keeps in other tables, for comparing versions."""
        return self.related_content_of(self.related_rows())


class Tombstone(models.Model):
    """A deleted record the public had seen: what a partner's copy needs to drop it.

    Left by a post_delete receiver of the record's model (every deletion runs it, bulk ones
    and cascades too); publishing.removal lists them in the removed feeds.
    """

    removed_at = models.DateTimeField(_("removed"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True

    # The column holding the deleted record's id (unique): set by each subclass.
    record_field = None

    @classmethod
    def leave(cls, record_id, **fields):
        """Record the deletion of record_id now, with what partners need to find it (fields)."""
        return cls.objects.update_or_create(
            **{cls.record_field: record_id}, defaults={**fields, "removed_at": timezone.now()}
        )


class AuditEntry(models.Model):
    """One action on the site: who did what to which record, when. Never edited, never deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("create")
        EDIT = "edit", _("edit")
        SUBMIT = "submit", _("submit for review")
        APPROVE = "approve", _("approve")
        REJECT = "reject", _("send back")
        PUBLISH = "publish", _("publish")
        WITHDRAW = "withdraw", _("withdraw")
        SCHEDULE = "schedule", _("schedule")
        IMPORT = "import", _("import")
        REVERT = "revert", _("revert")
        DISCARD = "discard", _("discard draft")
        LOGIN_FAILED = "login_failed", _("login failed")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text too: a command has no user, and a deleted user's name stays in the log.
    actor = models.CharField(_("by"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.BigIntegerField(_("row"), null=True, blank=True)
    # The live record's id for a version's entries, so a record's log includes its versions'.
    record_id = models.BigIntegerField(_("record"), null=True, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    self_approved = models.BooleanField(
        _("approved by its author"), default=False, help_text=_("Published without a second person's review.")
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "record_id", "at"], name="audit_record_time")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.object_repr}"


class FormerAddressQuerySet(models.QuerySet):
    def public_record(self, model, address):
        """The public record once known as address (a permanent redirect's target), or None."""
        content_type = ContentType.objects.get_for_model(model)
        former = self.filter(content_type=content_type, address=address).first()
        if former is None:
            return None
        return model.objects.published().filter(pk=former.object_id).first()


class FormerAddress(models.Model):
    """A slug or code a published record was known by: its old URLs redirect to the new ones."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    address = models.CharField(max_length=200)
    retired_at = models.DateTimeField(default=timezone.now)

    objects = FormerAddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "address"], name="former_address_once"),
        ]

    def __str__(self):
        return self.address


class PendingUploadQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created_at__lt=timezone.now() - self.model.LIFETIME)

    def awaiting(self, *, user):
        """The user's own uploads that may still be confirmed."""
        return self.filter(uploaded_by=user, created_at__gte=timezone.now() - self.model.LIFETIME)

    def store(self, *, name, content, user):
        """Keep a checked upload until its uploader confirms it; drops the ones that have expired."""
        self.expired().delete()
        return self.create(name=name, content=content, uploaded_by=user)


def new_upload_token():
    return secrets.token_urlsafe(32)


class PendingUpload(models.Model):
    """A spreadsheet between its preview and its import (publishing.admin.SpreadsheetImportMixin).

    Kept in the database, which every app process shares: the confirmation posts only the token,
    so a file up to the import's limit never travels back in a form (Django refuses a form body
    over DATA_UPLOAD_MAX_MEMORY_SIZE) and a confirmation may reach another process. Abstract, as
    Publishable is: each import keeps its own table, so a token checked by one import can never
    be confirmed by another, and this package stays without tables of its own.
    """

    LIFETIME = datetime.timedelta(days=1)

    token = models.CharField(_("token"), max_length=64, unique=True, default=new_upload_token, editable=False)
    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        abstract = True
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self):
        return self.name
