"""languages: school-written translations, families' requests for them, meeting actions
(from the phrase bank or written), notes about the portal's translation, and the phrase
key on plan outcomes and provision

Revision ID: 0008_languages
Revises: 0007_hardening
Create Date: 2026-11-30 04:19:07.163510

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_languages'
down_revision = '0007_hardening'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('translation_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('page', sa.String(length=300), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('suggestion', sa.Text(), nullable=False),
    sa.Column('reply_email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('staff_emailed', sa.Boolean(), nullable=False),
    sa.Column('translators_emailed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_translation_feedback_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_translation_feedback'))
    )
    with op.batch_alter_table('translation_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_translation_feedback_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_translation_feedback_school_id'), ['school_id'], unique=False)

    op.create_table('school_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('outcome', 'provision', 'advice', 'plan', 'meeting_record', 'meeting_action', 'concern_message', 'plan_question', 'sen_report', name='translatedkind', native_enum=False, length=32), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('original', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('translator_name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_school_translation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_school_translation_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_school_translation_school_id_school')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_school_translation_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_translation')),
    sa.UniqueConstraint('kind', 'subject_id', 'field', 'language', name=op.f('uq_school_translation_kind_subject_id_field_language'))
    )
    with op.batch_alter_table('school_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_translation_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_school_translation_school_id'), ['school_id'], unique=False)

    op.create_table('translation_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('outcome', 'provision', 'advice', 'plan', 'meeting_record', 'meeting_action', 'concern_message', 'plan_question', 'sen_report', name='translatedkind', native_enum=False, length=32), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_translation_request_done_by_id_user_account')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_translation_request_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['read_by_id'], ['user_account.id'], name=op.f('fk_translation_request_read_by_id_user_account')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_translation_request_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_translation_request_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_translation_request'))
    )
    with op.batch_alter_table('translation_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_translation_request_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_translation_request_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_translation_request_subject', ['kind', 'subject_id'], unique=False)

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

    with op.batch_alter_table('plan_outcome', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phrase_key', sa.String(length=64), nullable=True))

    with op.batch_alter_table('plan_provision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phrase_key', sa.String(length=64), nullable=True))



def downgrade():
    with op.batch_alter_table('plan_provision', schema=None) as batch_op:
        batch_op.drop_column('phrase_key')

    with op.batch_alter_table('plan_outcome', schema=None) as batch_op:
        batch_op.drop_column('phrase_key')

    with op.batch_alter_table('meeting_record_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_record_action_record_id'))

    op.drop_table('meeting_record_action')
    with op.batch_alter_table('translation_request', schema=None) as batch_op:
        batch_op.drop_index('ix_translation_request_subject')
        batch_op.drop_index(batch_op.f('ix_translation_request_school_id'))
        batch_op.drop_index(batch_op.f('ix_translation_request_pupil_id'))

    op.drop_table('translation_request')
    with op.batch_alter_table('school_translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_translation_school_id'))
        batch_op.drop_index(batch_op.f('ix_school_translation_pupil_id'))

    op.drop_table('school_translation')
    with op.batch_alter_table('translation_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_translation_feedback_school_id'))
        batch_op.drop_index(batch_op.f('ix_translation_feedback_created_at'))

    op.drop_table('translation_feedback')
