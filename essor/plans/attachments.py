"""Files attached to actions: checked on upload, recorded in the action's history."""

from __future__ import annotations

import mimetypes
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.plans.models import Action, ActionChange, Attachment
from essor.plans.services import check_editable

ALLOWED_EXTENSIONS = {
    ".pdf", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".csv", ".txt", ".png", ".jpg",
    ".jpeg",
}  # fmt: skip


def _safe_name(name: str) -> str:
    name = re.sub(r"[^\w.\- ]", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip()
    return name[:200] or "fichier"


def checked_upload(upload) -> tuple[str, str]:
    """The safe file name and content type of an accepted upload; a refused kind or size
    is a ValidationError on the ``file`` field (also used for the follow-up's evidence)."""
    filename = _safe_name(upload.name)
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {"file": _("This kind of file is not accepted (%(types)s).")
             % {"types": ", ".join(sorted(ALLOWED_EXTENSIONS))}}
        )  # fmt: skip
    if upload.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise ValidationError({"file": _("The file is too large.")})
    return filename, mimetypes.guess_type(filename)[0] or "application/octet-stream"


@transaction.atomic
def add_attachment(action: Action, *, upload, title: str, actor) -> Attachment:
    check_editable(action.plan)
    filename, content_type = checked_upload(upload)
    attachment = Attachment.objects.create(
        action=action,
        title=(title or filename).strip()[:200],
        filename=filename,
        content_type=content_type,
        size=upload.size,
        content=upload.read(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ActionChange.objects.create(
        action=action,
        changed_by=attachment.uploaded_by,
        version=action.version,
        field="attachments",
        new_value=attachment.title,
    )
    log_action(actor, "plan.attachment_added", action, attachment=attachment.pk)
    return attachment


@transaction.atomic
def delete_attachment(attachment: Attachment, *, actor) -> None:
    action = attachment.action
    check_editable(action.plan)
    ActionChange.objects.create(
        action=action,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        version=action.version,
        field="attachments",
        old_value=attachment.title,
    )
    log_action(actor, "plan.attachment_deleted", action, title=attachment.title)
    attachment.delete()
