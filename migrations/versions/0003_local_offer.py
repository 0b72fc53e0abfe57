"""local offer: the directory of services, out-of-date reports, SEN information reports

Revision ID: 0003_local_offer
Revises: 0002_voices
Create Date: 2026-11-23 18:44:23.907985

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_local_offer'
down_revision = '0002_voices'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sen_information_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('senco_name', sa.String(length=200), nullable=True),
    sa.Column('senco_email', sa.String(length=254), nullable=True),
    sa.Column('senco_phone', sa.String(length=40), nullable=True),
    sa.Column('kinds_of_need', sa.Text(), nullable=True),
    sa.Column('identifying', sa.Text(), nullable=True),
    sa.Column('involving_parents', sa.Text(), nullable=True),
    sa.Column('involving_pupils', sa.Text(), nullable=True),
    sa.Column('reviewing_progress', sa.Text(), nullable=True),
    sa.Column('transitions', sa.Text(), nullable=True),
    sa.Column('teaching', sa.Text(), nullable=True),
    sa.Column('adaptations', sa.Text(), nullable=True),
    sa.Column('staff_expertise', sa.Text(), nullable=True),
    sa.Column('evaluating', sa.Text(), nullable=True),
    sa.Column('activities', sa.Text(), nullable=True),
    sa.Column('wellbeing', sa.Text(), nullable=True),
    sa.Column('other_services', sa.Text(), nullable=True),
    sa.Column('complaints', sa.Text(), nullable=True),
    sa.Column('looked_after', sa.Text(), nullable=True),
    sa.Column('local_offer', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_sen_information_report_school_id_school')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_sen_information_report_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sen_information_report')),
    sa.UniqueConstraint('school_id', name=op.f('uq_sen_information_report_school_id'))
    )
    op.create_table('service_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('oruk_id', sa.String(length=100), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_service_organisation_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_organisation')),
    sa.UniqueConstraint('school_id', 'oruk_id', name=op.f('uq_service_organisation_school_id_oruk_id'))
    )
    with op.batch_alter_table('service_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_organisation_school_id'), ['school_id'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('active', 'temporarily closed', 'inactive', 'defunct', name='servicestatus', native_enum=False, length=32), nullable=False),
    sa.Column('min_age', sa.SmallInteger(), nullable=True),
    sa.Column('max_age', sa.SmallInteger(), nullable=True),
    sa.Column('all_needs', sa.Boolean(), nullable=False),
    sa.Column('cost', sa.Enum('free', 'free_for_some', 'paid', name='servicecost', native_enum=False, length=32), nullable=True),
    sa.Column('cost_details', sa.String(length=500), nullable=True),
    sa.Column('access_routes', sa.String(length=100), nullable=False),
    sa.Column('access_details', sa.String(length=500), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('languages', sa.String(length=200), nullable=False),
    sa.Column('keywords', sa.String(length=500), nullable=True),
    sa.Column('alert', sa.String(length=500), nullable=True),
    sa.Column('last_checked', sa.Date(), nullable=True),
    sa.Column('source', sa.Enum('manual', 'oruk', name='servicesource', native_enum=False, length=32), nullable=False),
    sa.Column('oruk_id', sa.String(length=100), nullable=True),
    sa.Column('source_hash', sa.String(length=64), nullable=True),
    sa.Column('source_modified_at', sa.DateTime(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('search_name', sa.String(length=600), nullable=False),
    sa.Column('search_tags', sa.Text(), nullable=False),
    sa.Column('search_body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['service_organisation.id'], name=op.f('fk_service_organisation_id_service_organisation')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_service_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service')),
    sa.UniqueConstraint('school_id', 'oruk_id', name=op.f('uq_service_school_id_oruk_id'))
    )
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_service_school_status', ['school_id', 'status'], unique=False)

    op.create_table('out_of_date_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reply_email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('staff_emailed', sa.Boolean(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'], name=op.f('fk_out_of_date_report_resolved_by_id_user_account')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_out_of_date_report_school_id_school')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_out_of_date_report_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_out_of_date_report'))
    )
    with op.batch_alter_table('out_of_date_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_out_of_date_report_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_out_of_date_report_service_open', ['service_id', 'resolved_at'], unique=False)

    op.create_table('service_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('therapy', 'health', 'mental_health', 'learning', 'advice', 'short_breaks', 'activities', 'social_care', 'early_years', 'adulthood', 'money', 'travel', name='servicecategory', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_category_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_category')),
    sa.UniqueConstraint('service_id', 'category', name=op.f('uq_service_category_service_id_category'))
    )
    with op.batch_alter_table('service_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_category_service_id'), ['service_id'], unique=False)

    op.create_table('service_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_contact_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_contact'))
    )
    with op.batch_alter_table('service_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_contact_service_id'), ['service_id'], unique=False)

    op.create_table('service_location',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('oruk_id', sa.String(length=100), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('address_1', sa.String(length=200), nullable=True),
    sa.Column('address_2', sa.String(length=200), nullable=True),
    sa.Column('town', sa.String(length=100), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('accessibility', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_location_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_location'))
    )
    with op.batch_alter_table('service_location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_location_service_id'), ['service_id'], unique=False)

    op.create_table('service_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.Enum('communication', 'cognition', 'semh', 'sensory_physical', name='broadarea', native_enum=False, length=32), nullable=False),
    sa.Column('code', sa.Enum('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA', name='needcode', native_enum=False, length=32), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_need_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_need'))
    )
    with op.batch_alter_table('service_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_need_service_id'), ['service_id'], unique=False)



def downgrade():
    with op.batch_alter_table('service_need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_need_service_id'))

    op.drop_table('service_need')
    with op.batch_alter_table('service_location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_location_service_id'))

    op.drop_table('service_location')
    with op.batch_alter_table('service_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_contact_service_id'))

    op.drop_table('service_contact')
    with op.batch_alter_table('service_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_category_service_id'))

    op.drop_table('service_category')
    with op.batch_alter_table('out_of_date_report', schema=None) as batch_op:
        batch_op.drop_index('ix_out_of_date_report_service_open')
        batch_op.drop_index(batch_op.f('ix_out_of_date_report_school_id'))

    op.drop_table('out_of_date_report')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index('ix_service_school_status')
        batch_op.drop_index(batch_op.f('ix_service_organisation_id'))

    op.drop_table('service')
    with op.batch_alter_table('service_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_organisation_school_id'))

    op.drop_table('service_organisation')
    op.drop_table('sen_information_report')
