"""Partner API keys: issued and revoked by staff in the admin, stored only as a hash."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_key(raw_key):
    # The key is 256 random bits, so a fast unsalted hash is enough: nothing to brute-force.
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def revoke(self):
        """Revoke the keys not yet revoked; returns how many were."""
        return self.active().update(revoked_at=timezone.now())


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("Who the key is for, e.g. 浦东新区大数据中心."))
    prefix = models.CharField(
        _("prefix"), max_length=16, unique=True, editable=False, help_text=_("The key's first characters, to tell keys apart.")
    )
    hashed_key = models.CharField(_("hashed key"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name, created_by):
        """Create a key; returns (api_key, raw_key). The raw key is never stored: show it once."""
        prefix = secrets.token_hex(4)
        raw_key = f"{prefix}.{secrets.token_urlsafe(32)}"
        api_key = cls.objects.create(name=name, prefix=prefix, hashed_key=hash_key(raw_key), created_by=created_by)
        return api_key, raw_key

    @classmethod
    def find(cls, raw_key):
        """The key (revoked or not) whose hash matches raw_key, or None."""
        return cls.objects.filter(hashed_key=hash_key(raw_key)).first()

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def mark_used(self):
        # At most one write a minute per key, not one per request.
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > USE_RECORDED_EVERY:
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


class RateCounter(models.Model):
    """Requests of one client (an address or a partner key) in the current period of its rate.

    The API's rates are counted here when there is no Redis (portal.rates), so that every app
    process sees one count. One row per client, reset when a new period begins. period is
    numbered in its rate's own unit (minutes for a per-minute rate, days for a per-day one), so
    period_ends, in Unix seconds, is what says when a row can be pruned (portal.rates.prune).
    """

    ident = models.CharField(max_length=200, primary_key=True)
    period = models.BigIntegerField()
    # db_default: while a release migrates, the code before it still inserts rows without this
    # column; they count as ended, and at worst one minute's count starts over once.
    period_ends = models.BigIntegerField(db_default=0)
    hits = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.ident}: {self.hits}"
