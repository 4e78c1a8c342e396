-- dns-01 over RFC 2136 and the CAA preflight.

-- A zone Certflow may change by TSIG-signed dynamic updates. The TSIG secret is encrypted like
-- private keys (KeyProtection) and never leaves Certflow.
create table dns_zone (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    zone                varchar(253) not null,
    primary_host        varchar(253) not null,
    primary_port        integer      not null,
    tsig_key_name       varchar(253) not null,
    tsig_algorithm      varchar(20)  not null,
    tsig_secret_enc     text         not null,
    created_at          timestamp    not null,
    updated_at          timestamp    not null,
    constraint uq_dns_zone unique (tenant_id, zone)
);

-- The CAA issuer domain name of an ACME CA (RFC 8659), e.g. letsencrypt.org.
alter table issuer add column caa_identity varchar(253);

-- How each name of a request is proven; a request may mix http-01 and dns-01.
create table request_domain_validation (
    request_id          uuid         not null references certificate_request (id),
    domain              varchar(253) not null,
    method              varchar(20)  not null,
    primary key (request_id, domain)
);

-- Where the dns-01 answer was published (after following a CNAME), for the propagation check and
-- the clean-up; and when, so that waiting for propagation is bounded.
alter table domain_authorization add column record_name varchar(253);
alter table domain_authorization add column presented_at timestamp;

-- CAA records Certflow added so that the issuer may issue, kept as the record of what it changed.
create table caa_record_added (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    request_id          uuid         not null references certificate_request (id),
    -- Kept when the zone is removed from Certflow: the record of what was changed outlives the zone's configuration.
    zone_id             uuid         references dns_zone (id) on delete set null,
    record              varchar(600) not null,
    created_at          timestamp    not null,
    constraint uq_caa_record_added unique (request_id, record)
);
