"""staff: a school's memberships found by role, not read through every parent's

Revision ID: 0014_staff
Revises: 0013_kept
Create Date: 2026-12-01 03:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_staff'
down_revision = '0013_kept'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index('ix_membership_school_id_role', ['school_id', 'role'], unique=False)
        batch_op.drop_index(batch_op.f('ix_membership_school_id'))


def downgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_school_id'), ['school_id'], unique=False)
        batch_op.drop_index('ix_membership_school_id_role')
