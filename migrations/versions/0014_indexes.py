"""indexes: a school's memberships by role; links most rows lack indexed only where present

Revision ID: 0014_indexes
Revises: 0013_kept
Create Date: 2026-12-01 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_indexes'
down_revision = '0013_kept'
branch_labels = None
depends_on = None

# Columns empty on most rows: indexed where they have a value, so ANALYZE does not judge the
# index useless (models.base.sparse_index).
SPARSE = [
    ('views', 'supersedes_id'),
    ('plan', 'review_meeting_id'),
    ('meeting_attendee', 'contact_id'),
]


def upgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index('ix_membership_school_id_role', ['school_id', 'role'], unique=False)
        batch_op.drop_index(batch_op.f('ix_membership_school_id'))
    for table, column in SPARSE:
        name = f'ix_{table}_{column}'
        present = sa.text(f'{column} IS NOT NULL')
        op.drop_index(name, table_name=table)
        op.create_index(
            name, table, [column], sqlite_where=present, postgresql_where=present
        )


def downgrade():
    for table, column in SPARSE:
        name = f'ix_{table}_{column}'
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column])
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_school_id'), ['school_id'], unique=False)
        batch_op.drop_index('ix_membership_school_id_role')
