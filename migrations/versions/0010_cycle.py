"""cycle: meetings held and who came, actions agreed, outcome review drafts, reviews held with
the family, the 6.43 notice, term dates and local support, EHC plans and annual reviews,
reminders

Boolean columns added to existing tables start false for the rows already there.

Revision ID: 0010_cycle
Revises: 0008_languages
Create Date: 2026-11-30 06:02:51.080736

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_cycle'
down_revision = '0011_voice2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('local_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('sendiass_name', sa.String(length=200), nullable=True),
    sa.Column('sendiass_phone', sa.String(length=40), nullable=True),
    sa.Column('sendiass_email', sa.String(length=254), nullable=True),
    sa.Column('sendiass_url', sa.String(length=500), nullable=True),
    sa.Column('ehc_request_url', sa.String(length=500), nullable=True),
    sa.Column('ehc_request_email', sa.String(length=254), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_local_support_school_id_school')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_local_support_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_support')),
    sa.UniqueConstraint('school_id', name=op.f('uq_local_support_school_id'))
    )
    op.create_table('reminder_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('email', 'text', 'none', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('mobile', sa.String(length=40), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_reminder_preference_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_preference')),
    sa.UniqueConstraint('user_id', name=op.f('uq_reminder_preference_user_id'))
    )
    op.create_table('school_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('academic_year', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.Enum('autumn', 'spring', 'summer', name='termname', native_enum=False, length=32), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('half_term_starts_on', sa.Date(), nullable=True),
    sa.Column('half_term_ends_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_school_term_school_id_school')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_school_term_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_term')),
    sa.UniqueConstraint('school_id', 'academic_year', 'name', name=op.f('uq_school_term_school_id_academic_year_name'))
    )
    with op.batch_alter_table('school_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_term_school_id'), ['school_id'], unique=False)

    op.create_table('sent_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('email', 'text', 'none', name='channel', native_enum=False, length=32), nullable=True),
    sa.Column('run_id', sa.String(length=32), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.String(length=80), nullable=True),
    sa.Column('attempts', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_sent_reminder_school_id_school')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_sent_reminder_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_reminder')),
    sa.UniqueConstraint('key', name=op.f('uq_sent_reminder_key'))
    )
    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_reminder_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_reminder_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_reminder_user_id'), ['user_id'], unique=False)

    op.create_table('ehc_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('local_authority', sa.String(length=200), nullable=False),
    sa.Column('case_officer_name', sa.String(length=200), nullable=True),
    sa.Column('case_officer_email', sa.String(length=254), nullable=True),
    sa.Column('case_officer_phone', sa.String(length=40), nullable=True),
    sa.Column('last_reviewed_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_ehc_plan_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_ehc_plan_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehc_plan')),
    sa.UniqueConstraint('pupil_id', name=op.f('uq_ehc_plan_pupil_id'))
    )
    op.create_table('annual_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('ehc_plan_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('advice_requested_on', sa.Date(), nullable=True),
    sa.Column('papers_sent_on', sa.Date(), nullable=True),
    sa.Column('report_sent_on', sa.Date(), nullable=True),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('child_views', sa.Text(), nullable=False),
    sa.Column('parent_views', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.Enum('keep', 'amend', 'cease', name='recommendation', native_enum=False, length=32), nullable=True),
    sa.Column('recommendation_reasons', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['ehc_plan_id'], ['ehc_plan.id'], name=op.f('fk_annual_review_ehc_plan_id_ehc_plan')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_annual_review_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_annual_review_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_annual_review_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_review'))
    )
    with op.batch_alter_table('annual_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_review_ehc_plan_id'), ['ehc_plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annual_review_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('meeting_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('parent', 'pupil', 'staff', 'other', name='inviteerole', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['pupil_contact.id'], name=op.f('fk_meeting_attendee_contact_id_pupil_contact'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attendee_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_meeting_attendee_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendee'))
    )
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_attendee_meeting_role', ['meeting_id', 'role'], unique=False)

    op.create_table('annual_review_views',
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('views_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['annual_review.id'], name=op.f('fk_annual_review_views_review_id_annual_review')),
    sa.ForeignKeyConstraint(['views_id'], ['views.id'], name=op.f('fk_annual_review_views_views_id_views')),
    sa.PrimaryKeyConstraint('review_id', 'views_id', name=op.f('pk_annual_review_views'))
    )
    op.create_table('plan_review_views',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('views_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_review_views_plan_id_plan')),
    sa.ForeignKeyConstraint(['views_id'], ['views.id'], name=op.f('fk_plan_review_views_views_id_views')),
    sa.PrimaryKeyConstraint('plan_id', 'views_id', name=op.f('pk_plan_review_views'))
    )
    op.create_table('record_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['meeting_record.id'], name=op.f('fk_record_action_record_id_meeting_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_action'))
    )
    with op.batch_alter_table('record_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_action_record_id'), ['record_id'], unique=False)

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.Enum('held', 'rearranged', 'cancelled', 'family_did_not_come', name='meetingoutcome', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('outcome_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('interpreter_used', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('outcome_recorded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('outcome_recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meeting_outcome'), ['outcome'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_meeting_outcome_recorded_by_id_user_account'), 'user_account', ['outcome_recorded_by_id'], ['id'])

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_meeting_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_no_meeting_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plan_review_meeting_id_meeting'), 'meeting', ['review_meeting_id'], ['id'])

    with op.batch_alter_table('plan_outcome', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_result', sa.Enum('achieved', 'partly', 'not_yet', name='outcomeresult', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('draft_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('drafted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('drafted_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plan_outcome_drafted_by_id_user_account'), 'user_account', ['drafted_by_id'], ['id'])

    with op.batch_alter_table('plan_question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('about_review', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('disagrees', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('progress_note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_with_family', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('sen_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_notice_needed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('family_told_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('family_told_how', sa.Enum('letter_emailed', 'letter_given', 'meeting', 'phone', name='familytold', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('family_told_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_sen_change_family_told_by_id_user_account'), 'user_account', ['family_told_by_id'], ['id'])

    with op.batch_alter_table('sen_information_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sen_policy_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('accessibility_plan_url', sa.String(length=500), nullable=True))



def downgrade():
    with op.batch_alter_table('sen_information_report', schema=None) as batch_op:
        batch_op.drop_column('accessibility_plan_url')
        batch_op.drop_column('sen_policy_url')

    with op.batch_alter_table('sen_change', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sen_change_family_told_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('family_told_by_id')
        batch_op.drop_column('family_told_how')
        batch_op.drop_column('family_told_on')
        batch_op.drop_column('family_notice_needed')

    with op.batch_alter_table('progress_note', schema=None) as batch_op:
        batch_op.drop_column('share_with_family')

    with op.batch_alter_table('plan_question', schema=None) as batch_op:
        batch_op.drop_column('disagrees')
        batch_op.drop_column('about_review')

    with op.batch_alter_table('plan_outcome', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_outcome_drafted_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('drafted_by_id')
        batch_op.drop_column('drafted_at')
        batch_op.drop_column('draft_note')
        batch_op.drop_column('draft_result')

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_review_meeting_id_meeting'), type_='foreignkey')
        batch_op.drop_column('review_no_meeting_reason')
        batch_op.drop_column('review_meeting_id')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_outcome_recorded_by_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meeting_outcome'))
        batch_op.drop_column('outcome_recorded_by_id')
        batch_op.drop_column('outcome_recorded_at')
        batch_op.drop_column('interpreter_used')
        batch_op.drop_column('outcome_note')
        batch_op.drop_column('outcome')

    with op.batch_alter_table('record_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_action_record_id'))

    op.drop_table('record_action')
    op.drop_table('plan_review_views')
    op.drop_table('annual_review_views')
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_attendee_meeting_role')

    op.drop_table('meeting_attendee')
    with op.batch_alter_table('annual_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_review_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_annual_review_ehc_plan_id'))

    op.drop_table('annual_review')
    op.drop_table('ehc_plan')
    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_reminder_user_id'))
        batch_op.drop_index(batch_op.f('ix_sent_reminder_school_id'))
        batch_op.drop_index(batch_op.f('ix_sent_reminder_run_id'))

    op.drop_table('sent_reminder')
    with op.batch_alter_table('school_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_term_school_id'))

    op.drop_table('school_term')
    op.drop_table('reminder_preference')
    op.drop_table('local_support')
