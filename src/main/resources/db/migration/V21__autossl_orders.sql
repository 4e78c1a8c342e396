-- The certificates an AutoSSL check ordered (issue 15): written with the certificate and its request in the
-- check's planning step, so that a step run again finds them instead of ordering twice.
create table autossl_order (
    id              uuid          primary key,
    check_id        uuid          not null references autossl_check (id) on delete cascade,
    run_id          uuid          not null references autossl_run (id) on delete cascade,
    tenant_id       varchar(64)   not null,
    account_id      uuid          not null references hosting_account (id) on delete cascade,
    certificate_id  uuid          not null references certificate (id),
    request_id      uuid          not null references certificate_request (id),
    -- The account's domain whose names the certificate covers.
    domain          varchar(253)  not null,
    -- The AutoSSL certificate it replaces (due for renewal) or the non-AutoSSL one (the replacement option), or null.
    replaces_id     uuid          references certificate (id),
    position        integer       not null,
    created_at      timestamp     not null
);
create index ix_autossl_order_check on autossl_order (check_id, position);

-- When the issuance process polls a request's order next (the pending queue's timer), for the pending queue's listing.
alter table certificate_request add column next_poll_at timestamp;
