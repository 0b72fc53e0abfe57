"""voice2: a pupil's worries (told to an adult they trust at school), and in supported mode
the language the pupil's questions were shown in and the adult's record of the session
(language used, interpreter, how the pupil took part)

Revision ID: 0011_voice2
Revises: 0008_languages
Create Date: 2026-11-30 06:17:30.368343

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_voice2'
down_revision = '0009_stumbles'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('to_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'sent', name='worrystatus', native_enum=False, length=32), nullable=False),
    sa.Column('about', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('feels_safe', sa.Enum('safe', 'not_safe', 'not_sure', name='feelssafe', native_enum=False, length=32), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('step', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('replied_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], name=op.f('fk_worry_pupil_id_pupil')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['user_account.id'], name=op.f('fk_worry_raised_by_id_user_account')),
    sa.ForeignKeyConstraint(['read_by_id'], ['user_account.id'], name=op.f('fk_worry_read_by_id_user_account')),
    sa.ForeignKeyConstraint(['replied_by_id'], ['user_account.id'], name=op.f('fk_worry_replied_by_id_user_account')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_worry_school_id_school')),
    sa.ForeignKeyConstraint(['to_id'], ['user_account.id'], name=op.f('fk_worry_to_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worry'))
    )
    with op.batch_alter_table('worry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worry_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index('ix_worry_to_status', ['to_id', 'status'], unique=False)

    with op.batch_alter_table('views', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pupil_language', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('spoken_language', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('interpreter', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('participation_note', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('views', schema=None) as batch_op:
        batch_op.drop_column('participation_note')
        batch_op.drop_column('interpreter')
        batch_op.drop_column('spoken_language')
        batch_op.drop_column('pupil_language')

    with op.batch_alter_table('worry', schema=None) as batch_op:
        batch_op.drop_index('ix_worry_to_status')
        batch_op.drop_index(batch_op.f('ix_worry_pupil_id'))

    op.drop_table('worry')
