-- AutoSSL (issue 15): hosting accounts, their domains and targets, and each tenant's AutoSSL settings.

-- A tenant without a row has the defaults: provider DISABLED, AutoSSL on for accounts without an override,
-- non-AutoSSL certificates never replaced, both notification levels FAILURES_WARNINGS_DEFERRALS.
create table autossl_settings (
    tenant_id            varchar(64)   primary key,
    -- The issuer AutoSSL orders from; null: DISABLED (AutoSSL orders nothing).
    provider_issuer_id   uuid          references issuer (id),
    -- The feature list's default for accounts without an override.
    default_enabled      boolean       not null,
    replace_non_autossl  boolean       not null,
    -- NotificationLevel names: for the accounts' contacts (users) and the tenant's contacts (administrators).
    user_level           varchar(40)   not null,
    admin_level          varchar(40)   not null,
    updated_by           varchar(128),
    updated_at           timestamp     not null
);

-- A hosting account (a panel's "user"); its name is unique in its tenant.
create table hosting_account (
    id                  uuid          primary key,
    tenant_id           varchar(64)   not null,
    name                varchar(100)  not null,
    contact_email       varchar(254),
    -- ENABLE or DISABLE; null: the tenant's default (autossl_settings.default_enabled).
    autossl_override    varchar(10),
    -- The account's own user notification level; null: the tenant's user level.
    notification_level  varchar(40),
    created_at          timestamp     not null,
    updated_at          timestamp     not null,
    constraint uq_hosting_account_name unique (tenant_id, name)
);

-- A domain belongs to one account of its tenant; services is a comma-separated list of WEB, MAIL, WEBDISK, PANEL.
create table account_domain (
    id             uuid           primary key,
    account_id     uuid           not null references hosting_account (id) on delete cascade,
    tenant_id      varchar(64)    not null,
    name           varchar(253)   not null,
    document_root  varchar(1024),
    services       varchar(100)   not null,
    position       integer        not null,
    constraint uq_account_domain_name unique (tenant_id, name)
);
create index ix_account_domain_account on account_domain (account_id, position);

-- Where an account's AutoSSL certificates are deployed; a target removed leaves the accounts.
create table account_target (
    account_id  uuid  not null references hosting_account (id) on delete cascade,
    target_id   uuid  not null references deployment_target (id) on delete cascade,
    primary key (account_id, target_id)
);

-- The account an AutoSSL certificate was issued for; null for every other certificate, and once the account is deleted
-- (its certificates stay in the inventory, no longer managed).
alter table certificate add column autossl_account_id uuid references hosting_account (id) on delete set null;
create index ix_certificate_autossl_account on certificate (autossl_account_id);
