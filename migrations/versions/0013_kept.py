"""kept: the data's version, which results kept between requests are filed under

Revision ID: 0013_kept
Revises: 0012_speed
Create Date: 2026-11-30 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_kept'
down_revision = '0012_speed'
branch_labels = None
depends_on = None


def upgrade():
    version = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )
    op.bulk_insert(version, [{'id': 1, 'token': 'new'}])


def downgrade():
    op.drop_table('data_version')
