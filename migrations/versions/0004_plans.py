"""plans: the SEN support plan (outcomes, provision, advice, progress notes, questions),
the views it drew on, and meeting records

Revision ID: 0004_plans
Revises: 0003_local_offer
Create Date: 2026-11-23 18:51:20.364313

"""
from alembic import op
import sqlalchemy as sa


revision = '0004_plans'
down_revision = '0003_local_offer'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('sen_support', 'ehc', name='plankind', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'shared', 'reviewed', 'superseded', name='planstatus', native_enum=False, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=True),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('pupil_views', sa.Text(), nullable=False),
    sa.Column('parent_views', sa.Text(), nullable=False),
    sa.Column('at_school', sa.Text(), nullable=False),
    sa.Column('at_home', sa.Text(), nullable=False),
    sa.Column('by_pupil', sa.Text(), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('shared_at', sa.DateTime(), nullable=True),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.Column('family_agreed_at', sa.DateTime(), nullable=True),
    sa.Column('family_agreed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_pupil_views', sa.Text(), nullable=True),
    sa.Column('review_parent_views', sa.Text(), nullable=True),
    sa.Column('next_step', sa.Enum('continue', 'change', 'new_outcomes', 'specialist', 'ehc_request', name='nextstep', native_enum=False, length=32), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_plan_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['family_agreed_by_id'], ['user_account.id'], name=op.f('fk_plan_family_agreed_by_id_user_account')),
    sa.ForeignKeyConstraint(['predecessor_id'], ['plan.id'], name=op.f('fk_plan_predecessor_id_plan')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_plan_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_plan_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['shared_by_id'], ['user_account.id'], name=op.f('fk_plan_shared_by_id_user_account')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_plan_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan'))
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_review_date'), ['review_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_status'), ['status'], unique=False)

    op.create_table('meeting_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Text(), nullable=False),
    sa.Column('discussed', sa.Text(), nullable=False),
    sa.Column('agreed', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('support', sa.Text(), nullable=False),
    sa.Column('next_review', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('shared_at', sa.DateTime(), nullable=True),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_meeting_record_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_record_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_meeting_record_plan_id_plan')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_meeting_record_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['shared_by_id'], ['user_account.id'], name=op.f('fk_meeting_record_shared_by_id_user_account')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_meeting_record_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_record')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_meeting_record_meeting_id'))
    )
    with op.batch_alter_table('meeting_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_record_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_record_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('plan_advice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('adviser', sa.String(length=200), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_advice_plan_id_plan')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_plan_advice_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_advice'))
    )
    with op.batch_alter_table('plan_advice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_advice_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.Enum('communication', 'cognition', 'semh', 'sensory_physical', name='broadarea', native_enum=False, length=32), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_need_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_need')),
    sa.UniqueConstraint('plan_id', 'area', name=op.f('uq_plan_need_plan_id_area'))
    )
    with op.batch_alter_table('plan_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_need_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('area', sa.Enum('communication', 'cognition', 'semh', 'sensory_physical', name='broadarea', native_enum=False, length=32), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('pupil_words', sa.Text(), nullable=True),
    sa.Column('preparing_for_adulthood', sa.Boolean(), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.Enum('achieved', 'partly', 'not_yet', name='outcomeresult', native_enum=False, length=32), nullable=True),
    sa.Column('result_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['carried_from_id'], ['plan_outcome.id'], name=op.f('fk_plan_outcome_carried_from_id_plan_outcome')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_outcome_plan_id_plan')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_plan_outcome_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_outcome'))
    )
    with op.batch_alter_table('plan_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_outcome_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('replied_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['asked_by_id'], ['user_account.id'], name=op.f('fk_plan_question_asked_by_id_user_account')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_question_plan_id_plan')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_plan_question_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['read_by_id'], ['user_account.id'], name=op.f('fk_plan_question_read_by_id_user_account')),
    sa.ForeignKeyConstraint(['replied_by_id'], ['user_account.id'], name=op.f('fk_plan_question_replied_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_question'))
    )
    with op.batch_alter_table('plan_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_question_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_question_pupil_id'), ['pupil_id'], unique=False)

    op.create_table('plan_provision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('group_size', sa.Enum('one_to_one', 'small_group', 'whole_class', name='groupsize', native_enum=False, length=32), nullable=False),
    sa.Column('sessions_per_week', sa.SmallInteger(), nullable=False),
    sa.Column('minutes_per_session', sa.SmallInteger(), nullable=False),
    sa.Column('delivered_by', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['outcome_id'], ['plan_outcome.id'], name=op.f('fk_plan_provision_outcome_id_plan_outcome'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_provision_plan_id_plan')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_plan_provision_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_provision'))
    )
    with op.batch_alter_table('plan_provision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_provision_outcome_id'), ['outcome_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_provision_plan_id'), ['plan_id'], unique=False)

    op.create_table('progress_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_progress_note_author_id_user_account')),
    sa.ForeignKeyConstraint(['outcome_id'], ['plan_outcome.id'], name=op.f('fk_progress_note_outcome_id_plan_outcome')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_progress_note_plan_id_plan')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_progress_note_pupil_id_pupil')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_note'))
    )
    with op.batch_alter_table('progress_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_note_outcome_id'), ['outcome_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_note_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index('ix_progress_note_pupil_noted', ['pupil_id', 'noted_on'], unique=False)

    op.create_table('plan_views',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('views_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_views_plan_id_plan')),
    sa.ForeignKeyConstraint(['views_id'], ['views.id'], name=op.f('fk_plan_views_views_id_views')),
    sa.PrimaryKeyConstraint('plan_id', 'views_id', name=op.f('pk_plan_views'))
    )


def downgrade():
    op.drop_table('plan_views')
    with op.batch_alter_table('progress_note', schema=None) as batch_op:
        batch_op.drop_index('ix_progress_note_pupil_noted')
        batch_op.drop_index(batch_op.f('ix_progress_note_plan_id'))
        batch_op.drop_index(batch_op.f('ix_progress_note_outcome_id'))

    op.drop_table('progress_note')
    with op.batch_alter_table('plan_provision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_provision_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_provision_outcome_id'))

    op.drop_table('plan_provision')
    with op.batch_alter_table('plan_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_question_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_plan_question_plan_id'))

    op.drop_table('plan_question')
    with op.batch_alter_table('plan_outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_outcome_plan_id'))

    op.drop_table('plan_outcome')
    with op.batch_alter_table('plan_need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_need_plan_id'))

    op.drop_table('plan_need')
    with op.batch_alter_table('plan_advice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_advice_plan_id'))

    op.drop_table('plan_advice')
    with op.batch_alter_table('meeting_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_record_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_record_plan_id'))

    op.drop_table('meeting_record')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_status'))
        batch_op.drop_index(batch_op.f('ix_plan_review_date'))
        batch_op.drop_index(batch_op.f('ix_plan_pupil_id'))

    op.drop_table('plan')
