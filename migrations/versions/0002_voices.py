"""voices: meetings, views requests, views and concerns with their messages

Revision ID: 0002_voices
Revises: 0001_foundation
Create Date: 2026-11-23 18:37:06.691475

"""
from alembic import op
import sqlalchemy as sa


revision = '0002_voices'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('concern',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=12), nullable=True),
    sa.Column('status', sa.Enum('draft', 'received', 'read', 'replied', 'closed', name='concernstatus', native_enum=False, length=32), nullable=False),
    sa.Column('area', sa.String(length=32), nullable=True),
    sa.Column('broad_area', sa.Enum('communication', 'cognition', 'semh', 'sensory_physical', name='broadarea', native_enum=False, length=32), nullable=True),
    sa.Column('noticed', sa.Text(), nullable=True),
    sa.Column('since', sa.String(length=32), nullable=True),
    sa.Column('at_home', sa.Text(), nullable=True),
    sa.Column('would_like', sa.Text(), nullable=True),
    sa.Column('contact_by', sa.String(length=32), nullable=True),
    sa.Column('contact_note', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('step', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closing_summary', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_concern_closed_by_id_user_account')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_concern_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['user_account.id'], name=op.f('fk_concern_raised_by_id_user_account')),
    sa.ForeignKeyConstraint(['read_by_id'], ['user_account.id'], name=op.f('fk_concern_read_by_id_user_account')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_concern_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern')),
    sa.UniqueConstraint('reference', name=op.f('uq_concern_reference'))
    )
    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_raised_by_id'), ['raised_by_id'], unique=False)
        batch_op.create_index('ix_concern_school_status', ['school_id', 'status'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('initial', 'sen_support_review', 'ehc_annual_review', 'specialist', 'other', name='meetingkind', native_enum=False, length=32), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.SmallInteger(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('video_link', sa.String(length=500), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('interpreter_language', sa.String(length=10), nullable=True),
    sa.Column('booked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['booked_by_id'], ['user_account.id'], name=op.f('fk_meeting_booked_by_id_user_account')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_meeting_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_meeting_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index('ix_meeting_school_starts', ['school_id', 'starts_at'], unique=False)

    op.create_table('concern_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('from_school', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_concern_message_author_id_user_account')),
    sa.ForeignKeyConstraint(['concern_id'], ['concern.id'], name=op.f('fk_concern_message_concern_id_concern')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_message'))
    )
    with op.batch_alter_table('concern_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_message_concern_id'), ['concern_id'], unique=False)

    op.create_table('meeting_invitee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('parent', 'pupil', 'staff', 'other', name='inviteerole', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_invitee_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_meeting_invitee_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitee')),
    sa.UniqueConstraint('meeting_id', 'user_id', name=op.f('uq_meeting_invitee_meeting_id_user_id'))
    )
    with op.batch_alter_table('meeting_invitee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_invitee_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_invitee_user_id'), ['user_id'], unique=False)

    op.create_table('views_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.Enum('parent', 'pupil', name='respondent', native_enum=False, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('form_version', sa.Enum('primary', 'secondary', 'young_person', 'parent', name='formversion', native_enum=False, length=32), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_views_request_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_views_request_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_views_request_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_views_request_school_id_school')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_views_request_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_views_request'))
    )
    with op.batch_alter_table('views_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_views_request_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_views_request_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_views_request_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_views_request_user_id'), ['user_id'], unique=False)

    op.create_table('views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.Enum('parent', 'pupil', name='respondent', native_enum=False, length=32), nullable=False),
    sa.Column('form_version', sa.Enum('primary', 'secondary', 'young_person', 'parent', name='formversion', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'read', name='viewsstatus', native_enum=False, length=32), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('feelings', sa.JSON(), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('supported', sa.Boolean(), nullable=False),
    sa.Column('helped_by', sa.String(length=200), nullable=True),
    sa.Column('methods', sa.JSON(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_views_author_id_user_account')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_views_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['read_by_id'], ['user_account.id'], name=op.f('fk_views_read_by_id_user_account')),
    sa.ForeignKeyConstraint(['request_id'], ['views_request.id'], name=op.f('fk_views_request_id_views_request')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_views_school_id_school')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['views.id'], name=op.f('fk_views_supersedes_id_views')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_views'))
    )
    with op.batch_alter_table('views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_views_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_views_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_views_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_views_school_status', ['school_id', 'status'], unique=False)



def downgrade():
    with op.batch_alter_table('views', schema=None) as batch_op:
        batch_op.drop_index('ix_views_school_status')
        batch_op.drop_index(batch_op.f('ix_views_request_id'))
        batch_op.drop_index(batch_op.f('ix_views_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_views_author_id'))

    op.drop_table('views')
    with op.batch_alter_table('views_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_views_request_user_id'))
        batch_op.drop_index(batch_op.f('ix_views_request_school_id'))
        batch_op.drop_index(batch_op.f('ix_views_request_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_views_request_meeting_id'))

    op.drop_table('views_request')
    with op.batch_alter_table('meeting_invitee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_invitee_user_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_invitee_meeting_id'))

    op.drop_table('meeting_invitee')
    with op.batch_alter_table('concern_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_message_concern_id'))

    op.drop_table('concern_message')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_school_starts')
        batch_op.drop_index(batch_op.f('ix_meeting_pupil_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.drop_index('ix_concern_school_status')
        batch_op.drop_index(batch_op.f('ix_concern_raised_by_id'))
        batch_op.drop_index(batch_op.f('ix_concern_pupil_id'))

    op.drop_table('concern')
