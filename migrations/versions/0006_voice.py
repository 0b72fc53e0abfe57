"""voice: pupils' stored recordings and pictures, designated safeguarding leads and their
safety alerts, and a young person's choice whether parents see their views

Revision ID: 0006_voice
Revises: 0005_records
Create Date: 2026-11-30 04:03:30.867068

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_voice'
down_revision = '0005_records'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('safeguarding_lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], name=op.f('fk_safeguarding_lead_added_by_id_user_account')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_safeguarding_lead_school_id_school')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_safeguarding_lead_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_lead')),
    sa.UniqueConstraint('school_id', 'user_id', name=op.f('uq_safeguarding_lead_school_id_user_id'))
    )
    with op.batch_alter_table('safeguarding_lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_lead_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safeguarding_lead_user_id'), ['user_id'], unique=False)

    op.create_table('safety_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('feeling_unsafe', 'worry_unsafe', name='alertsource', native_enum=False, length=32), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('sent_to_sencos', sa.Boolean(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=True),
    sa.Column('first_seen_by_id', sa.Integer(), nullable=True),
    sa.Column('dealt_with_at', sa.DateTime(), nullable=True),
    sa.Column('dealt_with_by_id', sa.Integer(), nullable=True),
    sa.Column('action_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['dealt_with_by_id'], ['user_account.id'], name=op.f('fk_safety_alert_dealt_with_by_id_user_account')),
    sa.ForeignKeyConstraint(['first_seen_by_id'], ['user_account.id'], name=op.f('fk_safety_alert_first_seen_by_id_user_account')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_safety_alert_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['user_account.id'], name=op.f('fk_safety_alert_raised_by_id_user_account')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_safety_alert_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_alert'))
    )
    with op.batch_alter_table('safety_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_alert_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index('ix_safety_alert_school_open', ['school_id', 'dealt_with_at'], unique=False)

    op.create_table('stored_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('audio', 'image', name='filekind', native_enum=False, length=32), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('transcript', sa.Text(), nullable=True),
    sa.Column('transcribed_by_id', sa.Integer(), nullable=True),
    sa.Column('transcribed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_stored_file_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_stored_file_school_id_school')),
    sa.ForeignKeyConstraint(['transcribed_by_id'], ['user_account.id'], name=op.f('fk_stored_file_transcribed_by_id_user_account')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_stored_file_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_file')),
    sa.UniqueConstraint('key', name=op.f('uq_stored_file_key'))
    )
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_file_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_file_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_file_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    op.create_table('views_sharing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('parents_see_views', sa.Boolean(), nullable=False),
    sa.Column('chosen_at', sa.DateTime(), nullable=False),
    sa.Column('chosen_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['chosen_by_id'], ['user_account.id'], name=op.f('fk_views_sharing_chosen_by_id_user_account')),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_views_sharing_pupil_id_pupil')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_views_sharing')),
    sa.UniqueConstraint('pupil_id', name=op.f('uq_views_sharing_pupil_id'))
    )


def downgrade():
    op.drop_table('views_sharing')
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_file_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_stored_file_school_id'))
        batch_op.drop_index(batch_op.f('ix_stored_file_pupil_id'))

    op.drop_table('stored_file')
    with op.batch_alter_table('safety_alert', schema=None) as batch_op:
        batch_op.drop_index('ix_safety_alert_school_open')
        batch_op.drop_index(batch_op.f('ix_safety_alert_pupil_id'))

    op.drop_table('safety_alert')
    with op.batch_alter_table('safeguarding_lead', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_lead_user_id'))
        batch_op.drop_index(batch_op.f('ix_safeguarding_lead_school_id'))

    op.drop_table('safeguarding_lead')
