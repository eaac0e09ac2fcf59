"""How a change reaches the public: draft, review by a second person, publication, withdrawal.

The one place the editorial rules are written; the admin's buttons, the spreadsheet imports and
the loaders all call these functions, and each checks its rule itself, so a direct POST that
skips the interface meets the same refusal.

    draft ──submit──▶ review ──approve──▶ published (now, or at publish_at)
      ▲                  │                   │
      └─────send back────┘                   └──withdraw──▶ withdrawn ──(edit, submit)──▶ …

- Editing a live record makes a version row beside it (start_version); the public keeps seeing
  the record until the version is approved, which copies it onto the record.
- Nobody approves a version they wrote (four eyes). settings.PUBLISHING_SELF_APPROVAL lets a
  one-person office do so; each such approval is marked in the audit log.
- Approval may name publish_at and expire_at. A version of a live record approved for a later
  moment waits as its own published row; the record expires at that moment and the version shows
  from it (publishing.models), and the next write folds it back into the record (settle_due).
"""

import logging
import smtplib

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.models import AuditEntry, FormerAddress, State
from publishing.versions import saved_related_rows

logger = logging.getLogger(__name__)

Action = AuditEntry.Action
# What makes a person an author of a version: they changed its content, or proposed it.
AUTHORING = [Action.CREATE, Action.EDIT, Action.IMPORT, Action.REVERT, Action.SUBMIT]


class Refused(Exception):
    """The action is not allowed for this user on this record, or not in its state. Nothing changed."""


# ---- who may do what ----------------------------------------------------------------------


def publish_permission(model):
    """"app.publish_model": held by the publishers of that model's records."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def change_permission(model):
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def is_publisher(user, model):
    return user.has_perm(publish_permission(model))


def can_edit(user, obj):
    """Editors change drafts (and withdrawn records); a live record is changed through a version."""
    return user.has_perm(change_permission(type(obj))) and obj.state in (State.DRAFT, State.WITHDRAWN)


def authors(obj):
    """Who changed this row's content since it was last approved (None stands for a command)."""
    entries = _entries_for(obj)
    last_approval = entries.filter(action=Action.APPROVE).order_by("-at").values_list("at", flat=True).first()
    if last_approval is not None:
        entries = entries.filter(at__gt=last_approval)
    return set(entries.filter(action__in=AUTHORING).values_list("user_id", flat=True))


def _require(condition, message):
    if not condition:
        raise Refused(message)


# ---- the audit log ------------------------------------------------------------------------


def record_action(action, obj=None, *, user=None, actor=None, comment="", self_approved=False, details=None):
    """Write one audit log entry. actor names a command when there is no user."""
    entry = AuditEntry(
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        actor=actor or (user.get_username() if user is not None and user.is_authenticated else "?"),
        comment=comment,
        self_approved=self_approved,
        details=details or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(type(obj))
        entry.object_id = obj.pk
        entry.record_id = getattr(obj, "draft_of_id", None) or obj.pk
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry


def _entries_for(obj):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


# ---- versions -----------------------------------------------------------------------------


def copy_columns(source, target):
    """Copy the record's own columns (not its state, schedule or stamps) from source onto target."""
    for field in source._meta.concrete_fields:
        if field.primary_key or field.name in source.version_exempt_fields:
            continue
        setattr(target, field.attname, getattr(source, field.attname))


def version_to_edit(record, *, user=None, actor=None):
    """The row an edit of record is written to: record itself while it is not live; otherwise its
    pending version, made now (a copy of the record) if there is none.

    A version waiting for review is not edited: it is sent back first.
    """
    if user is not None:
        _require(user.has_perm(change_permission(type(record))), _("You may not edit these records."))
    settle_due(type(record))
    record.refresh_from_db()
    if not record.is_live:
        _require(record.state != State.REVIEW, _("This version is waiting for review: it is sent back before it is edited."))
        return record
    pending = record.versions.filter(state__in=[State.DRAFT, State.REVIEW]).first()
    if pending is not None:
        _require(pending.state != State.REVIEW, _("A version of this record is waiting for review: it is sent back before it is edited."))
        return pending
    version = type(record)()
    copy_columns(record, version)
    version.draft_of = record
    version.state = State.DRAFT
    version.save()
    record.copy_relations(version)
    record_action(Action.CREATE, version, user=user, actor=actor, comment=_("version made to edit the live record"))
    return version


def note_edit(obj, *, user=None, actor=None, fields=(), action=Action.EDIT, comment="", details_message=None):
    """Record that someone changed obj's content (an admin save, an import row, a revert)."""
    details = {"fields": sorted(fields)}
    if details_message:
        details["admin"] = details_message
    return record_action(action, obj, user=user, actor=actor, comment=comment, details=details)


class ImportedChanges:
    """Where every way of writing but the admin's form writes (spreadsheet imports, loaders), and
    the record it leaves: one rule for all of them.

    A change to a live record is written to its pending version (version_to_edit), which goes
    through review like any edit; a record that is not live is written itself. Every row changed
    is kept in one reversion revision (with what it keeps in other tables) and gets one audit
    entry, made by actor: the User who makes the change, or a command's name. A row that was not
    changed leaves nothing, so a re-run of the same file leaves no empty version and no entry.

        changes = ImportedChanges("load_report", comment="load_report --overwrite")
        row = changes.row_to_write(record)   # Refused: a version of record is waiting for review
        ... write row ...
        changes.changed(row, ["name_en"])
        changes.save()                       # inside the writes' transaction
    """

    def __init__(self, actor, *, comment):
        self.user, self.actor = (None, actor) if isinstance(actor, str) else (actor, None)
        self.comment = comment
        self._rows = {}  # (model, pk): (row, {field names})
        self._versions = {}  # (model, record pk): the row written for that record

    def row_to_write(self, record):
        """The row a change of record is written to: record while it is not live, else its
        pending version (made now if there is none). Refused if a version waits for review."""
        key = (type(record), record.pk)
        if key not in self._versions:
            self._versions[key] = version_to_edit(record, user=self.user, actor=self.actor)
        return self._versions[key]

    def changed(self, row, fields):
        """row (a record or a version) was written: fields changed (names; "observations" for
        what it keeps in another table)."""
        _row, names = self._rows.setdefault((type(row), row.pk), (row, set()))
        names.update(fields)

    def save(self):
        """One revision holding every changed row as it is now, one audit entry per row."""
        if not self._rows:
            return
        with reversion.create_revision():
            reversion.set_user(self.user)
            reversion.set_comment(self.comment)
            for row, fields in self._rows.values():
                if reversion.is_registered(type(row)):
                    reversion.add_to_revision(row)
                note_edit(row, user=self.user, actor=self.actor, fields=fields, action=Action.IMPORT)


def log_of(record):
    """The audit entries of a record and of its versions, newest first."""
    content_type = ContentType.objects.get_for_model(type(record))
    return AuditEntry.objects.filter(content_type=content_type, record_id=record.pk).select_related("user")


def revert_to(record, version, *, user, comment=""):
    """Put a saved version's content back: written onto the record's draft version (made now if
    there is none), which then goes through review as any edit. version is a django-reversion
    Version of the record or of one of its version rows (publishing.history).

    Its content: its columns (not its state, schedule or stamps) and what it kept in other
    tables (district links, observations), as the version's revision saved them. Returns the
    draft version.
    """
    model = type(record)
    _require(user.has_perm(change_permission(model)), _("You may not edit these records."))
    _require(version._model is model, _("That is not a version of this record."))
    saved = version.field_dict
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        target = version_to_edit(record, user=user)
        changed = []
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in model.version_exempt_fields or field.attname not in saved:
                continue
            if getattr(target, field.attname) != saved[field.attname]:
                setattr(target, field.attname, saved[field.attname])
                changed.append(field.name)
        related_before = target.related_content()
        target.set_related_rows(saved_related_rows([version])[version.pk], content_only=True)
        if target.related_content() != related_before:
            changed += model.versioned_relations
        target.save()  # last: the revision saves it with its relations as they are now
        when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
        text = comment or _("reverted to the version of %(moment)s") % {"moment": when}
        reversion.set_comment(text)
        note_edit(target, user=user, fields=changed, action=Action.REVERT, comment=text)
    return target


def submit(obj, *, user):
    _require(user.has_perm(change_permission(type(obj))), _("You may not edit these records."))
    _require(obj.state in (State.DRAFT, State.WITHDRAWN) and not obj.is_live, _("Only a draft can be submitted for review."))
    with transaction.atomic():
        obj.state = State.REVIEW
        obj.save(update_fields=["state", "updated_at"] if hasattr(obj, "updated_at") else ["state"])
        record_action(Action.SUBMIT, obj, user=user)
        transaction.on_commit(lambda: notify_publishers(obj, submitter=user))


def send_back(obj, *, user, comment):
    _require(is_publisher(user, type(obj)), _("Only a publisher reviews."))
    _require(obj.state == State.REVIEW, _("Only a version waiting for review can be sent back."))
    _require(comment.strip(), _("Say what should change: a comment is required."))
    with transaction.atomic():
        obj.state = State.DRAFT
        obj.save(update_fields=["state", "updated_at"] if hasattr(obj, "updated_at") else ["state"])
        record_action(Action.REJECT, obj, user=user, comment=comment)


def approve(obj, *, user, publish_at=None, expire_at=None, comment=""):
    """Publish a version waiting for review: now, or at publish_at; until expire_at if given.

    Returns the row the public sees (or will see).
    """
    model = type(obj)
    _require(is_publisher(user, model), _("Only a publisher approves."))
    _require(obj.state == State.REVIEW, _("Only a version waiting for review can be approved."))
    now = timezone.now()
    _require(expire_at is None or expire_at > (publish_at or now), _("The expiry must come after the publication."))
    own = user.pk in authors(obj)
    self_approval_allowed = getattr(settings, "PUBLISHING_SELF_APPROVAL", False)
    _require(not own or self_approval_allowed, _("You wrote this version: another publisher approves it."))
    scheduled = publish_at is not None and publish_at > now
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment or _("approved"))
        if obj.draft_of_id is None:
            shown = _publish_in_place(obj, publish_at=publish_at if scheduled else None, expire_at=expire_at)
        elif scheduled:
            shown = _schedule_version(obj, publish_at=publish_at, expire_at=expire_at)
        else:
            shown = merge_version(obj, expire_at=expire_at)
        # Saved again with what it keeps in other tables now (rows inserted together send no
        # signal to the revision).
        reversion.add_to_revision(shown)
        record_action(Action.APPROVE, shown, user=user, comment=comment, self_approved=own,
                      details={"version": obj.pk})
        if scheduled or expire_at:
            record_action(Action.SCHEDULE, shown, user=user, details={
                "publish_at": publish_at.isoformat() if scheduled else None,
                "expire_at": expire_at.isoformat() if expire_at else None,
            })
    return shown


def _publish_in_place(obj, *, publish_at, expire_at):
    obj.state = State.PUBLISHED
    obj.publish_at, obj.expire_at = publish_at, expire_at
    if obj.published_at is None:
        # First public at its moment: the feed's date, and what tells partners they saw it.
        obj.published_at = publish_at or timezone.now()
    obj.save()
    return obj


def _schedule_version(version, *, publish_at, expire_at):
    """The version shows from publish_at; the record expires at that same instant."""
    version.state = State.PUBLISHED
    version.publish_at, version.expire_at = publish_at, expire_at
    version.save()
    record = version.draft_of
    if record.expire_at is None or record.expire_at > publish_at:
        record.expire_at = publish_at
        record.save(update_fields=["expire_at"])
    return version


def merge_version(version, *, expire_at=None, publish_at=None):
    """Copy an approved version onto its record, keep the record's old address as a redirect,
    and drop the version row. The record keeps its id, so partners' copies stay matched."""
    record = version.draft_of
    old_address = record.address()
    version.validate_constraints()  # another record may have taken a key since it was saved
    copy_columns(version, record)
    record.state = State.PUBLISHED
    record.publish_at, record.expire_at = publish_at, expire_at
    record.save()
    version.copy_relations(record)
    remember_address(record, old_address)
    version.delete()
    return record


def remember_address(record, old_address):
    """A changed slug or code: the old one redirects to the record; the new one is no longer former."""
    content_type = ContentType.objects.get_for_model(type(record))
    new_address = record.address()
    FormerAddress.objects.filter(content_type=content_type, address=new_address).delete()
    if old_address != new_address:
        FormerAddress.objects.update_or_create(
            content_type=content_type, address=old_address, defaults={"object_id": record.pk}
        )


def settle_due(model, *, now=None):
    """Fold versions whose scheduled moment has passed back into their records.

    Not needed for what the public sees (the clock decides that); it keeps one row per record for
    editors and loaders. Each folded record keeps its moment as updated_at, so partners' sync
    does not see it change twice.
    """
    now = now or timezone.now()
    due = model.objects.filter(draft_of__isnull=False, state=State.PUBLISHED, publish_at__lte=now)
    for version in due.select_related("draft_of"):
        with transaction.atomic():
            moment = version.publish_at
            record = merge_version(version, publish_at=moment, expire_at=version.expire_at)
            if hasattr(record, "updated_at"):
                model.objects.filter(pk=record.pk).update(updated_at=max(moment, record.published_at or moment))


def withdraw(obj, *, user, comment=""):
    """Take a record off the public site. The publisher's alone."""
    _require(is_publisher(user, type(obj)), _("Only a publisher withdraws."))
    _require(obj.state == State.PUBLISHED and obj.draft_of_id is None, _("Only a published record can be withdrawn."))
    with transaction.atomic():
        obj.versions.filter(state=State.PUBLISHED).delete()  # a scheduled replacement goes too
        obj.state = State.WITHDRAWN
        obj.save()
        record_action(Action.WITHDRAW, obj, user=user, comment=comment)


def discard(obj, *, user):
    """Drop a version that is not wanted. Its author or a publisher may."""
    _require(obj.draft_of_id is not None and obj.state in (State.DRAFT, State.REVIEW), _("Only a pending version can be discarded."))
    _require(user.pk in authors(obj) or is_publisher(user, type(obj)), _("Only its author or a publisher discards a version."))
    with transaction.atomic():
        record_action(Action.DISCARD, obj, user=user)
        obj.delete()


# ---- notification -------------------------------------------------------------------------


def publishers_of(model):
    """Active staff who may publish model's records, with an email address."""
    app_label, codename = publish_permission(model).split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    holders = Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
    return get_user_model().objects.filter(holders, is_active=True, is_staff=True).exclude(email="").distinct()


def notify_publishers(obj, *, submitter):
    """Email the publishers (but the submitter) that a version waits for them."""
    recipients = [user.email for user in publishers_of(type(obj)).exclude(pk=submitter.pk)]
    if not recipients:
        return 0
    opts = obj._meta
    link = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    subject = _("Waiting for your review: %(record)s") % {"record": obj}
    body = _("%(user)s submitted %(record)s for review.\n\nReview it: %(base)s%(link)s\n") % {
        "user": submitter.get_username(),
        "record": obj,
        "base": getattr(settings, "PORTAL_BASE_URL", ""),
        "link": link,
    }
    try:
        return send_mail(subject, body, None, recipients)
    except (OSError, smtplib.SMTPException):
        # The submission is committed and listed as waiting for review; a mail server that is
        # down must not turn it into an error page. The log says who was not told.
        logger.warning("could not email publishers about %s", obj, exc_info=True)
        return 0
