-- Tenants and their API keys. Only the SHA-256 of a key's secret is stored.
create table tenants (
    id         varchar(63)  primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name       varchar(200) not null,
    created_at timestamptz  not null default now()
);

create table api_keys (
    id                  char(12)         primary key check (id ~ '^[0-9a-f]{12}$'),
    tenant_id           varchar(63)      not null references tenants (id),
    role                varchar(16)      not null check (role in ('app', 'admin')),
    name                varchar(200)     not null,
    secret_hash         char(64)         not null,
    created_at          timestamptz      not null default now(),
    revoked_at          timestamptz,
    -- null: the gateway's default rate limit applies
    requests_per_second double precision check (requests_per_second > 0)
);

create index api_keys_tenant_id on api_keys (tenant_id, created_at);
