-- A deleted tenant keeps its row (its id is never reused); its keys are revoked in the same transaction.
alter table tenants add column deleted_at timestamptz;

-- Events the gateway publishes (tenant.deleted), written in the transaction of the change and relayed to Kafka by
-- the outbox library's relay.
create table outbox (
    id           bigserial   primary key,
    topic        text        not null,
    record_key   text        not null,
    record_value text,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);

create index outbox_unpublished on outbox (id) where published_at is null;
