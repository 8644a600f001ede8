"""offline outbox: capture time and via-outbox on submissions, tablet pending counts, held entries

Revision ID: b2c0offline16
Revises: b2c0prepost14
Create Date: 2026-11-30 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c0offline16'
down_revision = 'b2c0prepost14'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE ADD COLUMN, never a batch copy: copying `submission` on a SQLite database
    # that holds rows breaks the foreign keys of the tables that point at it.
    op.add_column('submission', sa.Column('captured_at', sa.DateTime(), nullable=True))
    op.add_column(
        'submission',
        sa.Column('via_outbox', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_index(op.f('ix_submission_via_outbox'), 'submission', ['via_outbox'], unique=False)

    op.add_column(
        'kiosk_session',
        sa.Column('outbox_pending', sa.Integer(), server_default='0', nullable=False),
    )
    op.add_column('kiosk_session', sa.Column('outbox_reported_at', sa.DateTime(), nullable=True))

    op.create_table('outbox_hold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_outbox_hold_event_id_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_hold'))
    )
    with op.batch_alter_table('outbox_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_hold_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_hold_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_hold_submission_key'), ['submission_key'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_hold_submission_key'))
        batch_op.drop_index(batch_op.f('ix_outbox_hold_received_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_hold_event_id'))
    op.drop_table('outbox_hold')

    with op.batch_alter_table('kiosk_session', schema=None) as batch_op:
        batch_op.drop_column('outbox_reported_at')
        batch_op.drop_column('outbox_pending')

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_via_outbox'))
        batch_op.drop_column('via_outbox')
        batch_op.drop_column('captured_at')
