"""Families' requests for the school's words in their language, in the SENCO's inbox."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from portal.extensions import db
from portal.feeds import InboxQuery, Item, inbox, sort_keys, tally
from portal.i18n import language_name
from portal.languages import services
from portal.models import TranslationRequest


def _request_item(asked: TranslationRequest) -> Item:
    pupil = asked.pupil
    if asked.done_at:
        status = _("Translated")
    elif asked.read_at:
        status = _("Read, not translated yet")
    else:
        status = _("Not read yet")
    return Item(
        kind="translation_request",
        when=asked.requested_at,
        title=_(
            "%(name)s's family asked for a translation into %(language)s",
            name=pupil.full_name,
            language=language_name(asked.language),
        ),
        subject=asked,
        pupil=pupil,
        unread=asked.read_at is None,
        status=status,
        detail=_(
            "%(what)s · from %(parent)s",
            what=services.SUBJECTS[asked.kind].label,
            parent=asked.requested_by.full_name if asked.requested_by else _("a parent"),
        ),
    )


UNREAD = TranslationRequest.read_at.is_(None)


def _inbox_statement(query: InboxQuery):
    statement = services.requests_query(query.school_id)
    return query.narrow(statement, TranslationRequest.done_at.is_(None))


def translation_requests(query: InboxQuery) -> list[Item]:
    statement = _inbox_statement(query).options(contains_eager(TranslationRequest.pupil))
    statement = query.first(
        statement, UNREAD, TranslationRequest.requested_at, TranslationRequest.id
    )
    return [_request_item(r) for r in db.session.scalars(statement)]


def count_translation_requests(query: InboxQuery) -> sa.Select:
    return tally(_inbox_statement(query), UNREAD)


def translation_request_keys(query: InboxQuery) -> sa.Select:
    return sort_keys(
        _inbox_statement(query), TranslationRequest.id, TranslationRequest.requested_at, UNREAD
    )


def register() -> None:
    inbox.add(
        "translation_request",
        _l("Translation requests"),
        translation_requests,
        order=50,
        item_label=_l("Request for a translation"),
        count=count_translation_requests,
        keys=translation_request_keys,
    )
