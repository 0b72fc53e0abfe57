"""lang3: one model for the actions agreed at a meeting

The phrase bank's meeting actions (meeting_record_action: a bank phrase or words, no who or
date) and the record's own actions (record_action: what, who, by when) become one table,
record_action: every action may be a bank phrase (phrase_key) or written freely, and `who`
and `due_on` may be empty for a bank phrase (the phrase says who). The bank's rows move
into record_action before the record's written ones (the order the family saw them in),
and the school's typed translations and the families' requests about them follow them to
their new ids (their field "text" is now "what").

Revision ID: 0012_lang3
Revises: 0010_cycle
Create Date: 2026-11-30 10:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_lang3'
down_revision = '0010_cycle'
branch_labels = None
depends_on = None


# The two tables as this revision finds them (a key each, so an insert gives its new id).
_meta = sa.MetaData()
record_action = sa.Table(
    'record_action',
    _meta,
    sa.Column('id', sa.Integer, primary_key=True),
    sa.Column('record_id', sa.Integer),
    sa.Column('position', sa.SmallInteger),
    sa.Column('phrase_key', sa.String),
    sa.Column('what', sa.Text),
    sa.Column('who', sa.String),
    sa.Column('due_on', sa.Date),
)
bank_action = sa.Table(
    'meeting_record_action',
    _meta,
    sa.Column('id', sa.Integer, primary_key=True),
    sa.Column('record_id', sa.Integer),
    sa.Column('position', sa.Integer),
    sa.Column('phrase_key', sa.String),
    sa.Column('text', sa.Text),
    sa.Column('created_at', sa.DateTime),
    sa.Column('created_by_id', sa.Integer),
)
school_translation = sa.table(
    'school_translation',
    sa.column('id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('subject_id', sa.Integer),
    sa.column('field', sa.String),
)
translation_request = sa.table(
    'translation_request',
    sa.column('id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('subject_id', sa.Integer),
)


def _follow(bind, moved: dict, field_from: str, field_to: str) -> None:
    """Point translations and requests about a moved action at its new id; those about an
    action that is not in the other table any more go."""
    for row in bind.execute(
        sa.select(school_translation.c.id, school_translation.c.subject_id).where(
            school_translation.c.kind == 'meeting_action'
        )
    ).all():
        new_id = moved.get(row.subject_id)
        match = school_translation.c.id == row.id
        if new_id is None:
            bind.execute(school_translation.delete().where(match))
        else:
            bind.execute(
                school_translation.update()
                .where(match)
                .values(
                    subject_id=new_id,
                    field=sa.case(
                        (school_translation.c.field == field_from, field_to),
                        else_=school_translation.c.field,
                    ),
                )
            )
    for row in bind.execute(
        sa.select(translation_request.c.id, translation_request.c.subject_id).where(
            translation_request.c.kind == 'meeting_action'
        )
    ).all():
        new_id = moved.get(row.subject_id)
        match = translation_request.c.id == row.id
        if new_id is None:
            bind.execute(translation_request.delete().where(match))
        else:
            bind.execute(translation_request.update().where(match).values(subject_id=new_id))


def upgrade():
    with op.batch_alter_table('record_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phrase_key', sa.String(length=64), nullable=True))
        batch_op.alter_column('due_on', existing_type=sa.Date(), nullable=True)

    bind = op.get_bind()
    banked = bind.execute(
        sa.select(bank_action).order_by(
            bank_action.c.record_id, bank_action.c.position, bank_action.c.id
        )
    ).all()
    by_record: dict = {}
    for row in banked:
        by_record.setdefault(row.record_id, []).append(row)
    moved = {}
    for record_id, rows in by_record.items():
        # The bank's actions first, then the record's written ones after them.
        bind.execute(
            record_action.update()
            .where(record_action.c.record_id == record_id)
            .values(position=record_action.c.position + len(rows))
        )
        for position, row in enumerate(rows):
            result = bind.execute(
                record_action.insert().values(
                    record_id=record_id,
                    position=position,
                    phrase_key=row.phrase_key,
                    what=row.text,
                    who='',
                    due_on=None,
                )
            )
            moved[row.id] = result.inserted_primary_key[0]
    _follow(bind, moved, 'text', 'what')

    with op.batch_alter_table('meeting_record_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_record_action_record_id'))
    op.drop_table('meeting_record_action')


def downgrade():
    op.create_table('meeting_record_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('phrase_key', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_meeting_record_action_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['record_id'], ['meeting_record.id'], name=op.f('fk_meeting_record_action_record_id_meeting_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_record_action'))
    )
    with op.batch_alter_table('meeting_record_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_record_action_record_id'), ['record_id'], unique=False)

    # Actions from the bank without a date go back to the bank's table; the rest stay, and
    # a written action without a date (impossible before this revision) is dropped.
    bind = op.get_bind()
    moved = {}
    rows = bind.execute(
        sa.select(record_action)
        .where(record_action.c.due_on.is_(None))
        .order_by(record_action.c.record_id, record_action.c.position, record_action.c.id)
    ).all()
    for row in rows:
        if row.phrase_key:
            result = bind.execute(
                bank_action.insert().values(
                    record_id=row.record_id,
                    position=row.position,
                    phrase_key=row.phrase_key,
                    text=row.what,
                    created_at=sa.func.now(),
                    created_by_id=None,
                )
            )
            moved[row.id] = result.inserted_primary_key[0]
        bind.execute(record_action.delete().where(record_action.c.id == row.id))
    _follow(bind, moved, 'what', 'text')

    with op.batch_alter_table('record_action', schema=None) as batch_op:
        batch_op.alter_column('due_on', existing_type=sa.Date(), nullable=False)
        batch_op.drop_column('phrase_key')
