-- ACME Renewal Information (RFC 9773): what the CA last said about each managed certificate.
create table certificate_ari (
    certificate_id      uuid          primary key references certificate (id),
    tenant_id           varchar(64)   not null,
    -- The CA's suggested window, as last received (null until the CA answered once).
    window_start        timestamp,
    window_end          timestamp,
    -- The time chosen at random inside the window; kept while the CA's window stays the same.
    renew_at            timestamp,
    -- When to ask the CA again (its Retry-After, or a back-off after a failure); also a claim while a node asks.
    next_check_at       timestamp     not null,
    checked_at          timestamp,
    failures            integer       default 0 not null,
    last_error          varchar(1000)
);
create index ix_certificate_ari_renew on certificate_ari (tenant_id, renew_at);
create index ix_certificate_ari_check on certificate_ari (next_check_at);

-- The certificates of one issuer, for finding those whose CA has not been asked yet.
create index ix_certificate_issuer on certificate (issuer_id, status);
