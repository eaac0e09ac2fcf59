"""What may the public see: one abstract model and queryset for every publishable record.

Landmark, Indicator and ActionPlan inherit them; records that live inside another (an
indicator's observations, a plan's targets) are public when their owner is, through
public_through(). Every page, feed, sitemap, download, count and API response starts from
.published(), so the rule below is the only place it is written.

Also abstract: PendingUpload, a spreadsheet waiting between an import's preview and its
confirmation; each app's import keeps its own table of them.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


def public_through(relation=""):
    """The condition "public" on a record reached through `relation` (e.g. "indicator")."""
    prefix = f"{relation}__" if relation else ""
    return Q(**{f"{prefix}state": State.PUBLISHED})


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see."""
        return self.filter(public_through())

    def set_state(self, state):
        """Move these records to state in one UPDATE; returns how many changed.

        Like save(), it stamps updated_at (so sync, ETags and cached counts see the change) and,
        on a first publication, published_at.
        """
        now = timezone.now()
        changes = {"state": state, "updated_at": now}
        if state == State.PUBLISHED:
            changes["published_at"] = Coalesce("published_at", Value(now))
        return self.exclude(state=state).update(**changes)


class Publishable(models.Model):
    """A record the public sees once it is published (and no longer once it is withdrawn)."""

    State = State

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # Set the first time the record is published, never cleared: the feed's order, and how sync
    # tells a record partners have seen (to be dropped if it leaves) from a draft they never saw.
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.state == State.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "state" in update_fields:
            kwargs["update_fields"] = {*update_fields, "published_at"}
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        """The instance's side of published(): may the public see it?"""
        return self.state == State.PUBLISHED


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
