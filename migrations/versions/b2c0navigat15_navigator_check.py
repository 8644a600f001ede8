"""navigator_check: the 創新加值導航 answers and verdicts (issue 15)

Revision ID: b2c0navigat15
Revises: b2c0register12
Create Date: 2026-11-30 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c0navigat15'
down_revision = 'b2c0register12'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('navigator_check',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('org_form', sa.String(length=12), nullable=False),
    sa.Column('need', sa.JSON(), nullable=False),
    sa.Column('rnd_stage', sa.String(length=16), nullable=True),
    sa.Column('rnd_theme', sa.String(length=8), nullable=True),
    sa.Column('sbir_done', sa.JSON(), nullable=False),
    sa.Column('focus_industry', sa.String(length=8), nullable=True),
    sa.Column('self_funding', sa.String(length=8), nullable=False),
    sa.Column('tax_arrears', sa.Boolean(), nullable=False),
    sa.Column('mainland_capital', sa.Boolean(), nullable=False),
    sa.Column('sbir_general', sa.String(length=4), nullable=False),
    sa.Column('sbir_local', sa.String(length=4), nullable=False),
    sa.Column('cocreation', sa.String(length=4), nullable=False),
    sa.Column('accelerator', sa.String(length=4), nullable=False),
    sa.Column('programmes', sa.JSON(), nullable=False),
    sa.Column('also', sa.JSON(), nullable=False),
    sa.Column('judged_on', sa.Date(), nullable=False),
    sa.Column('rules_version', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_navigator_check_submission_id_submission')),
    sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_navigator_check'))
    )


def downgrade():
    op.drop_table('navigator_check')
