-- Certflow's own tables. They live in the "certflow" schema (see spring.flyway.schemas) so that
-- Flyway never meets the engine's ACT_* tables and never needs a baseline.

create table certificate_authority (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    name                varchar(100) not null,
    root_pem            text         not null,
    root_key_enc        text         not null,
    intermediate_pem    text         not null,
    intermediate_key_enc text        not null,
    created_at          timestamp    not null,
    constraint uq_ca_name unique (tenant_id, name)
);

create table issuer (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    name                varchar(100) not null,
    type                varchar(20)  not null,
    directory_url       varchar(500),
    contact_email       varchar(254),
    terms_agreed_url    varchar(500),
    terms_agreed_at     timestamp,
    terms_agreed_by     varchar(128),
    terms_required_url  varchar(500),
    eab_key_id          varchar(200),
    eab_hmac_key_enc    text,
    trust_anchor_pem    text,
    account_key_enc     text,
    account_url         varchar(500),
    ca_id               uuid references certificate_authority (id),
    created_at          timestamp    not null,
    constraint uq_issuer_name unique (tenant_id, name)
);

create table issuing_template (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    name                varchar(100) not null,
    issuer_id           uuid         not null references issuer (id),
    key_type            varchar(20)  not null,
    validity_days       integer,
    validation_method   varchar(20)  not null,
    approval_required   boolean      not null,
    created_at          timestamp    not null,
    constraint uq_template_name unique (tenant_id, name)
);

create table certificate (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    issuer_id           uuid         references issuer (id),
    domains             varchar(8000) not null,
    key_type            varchar(20)  not null,
    status              varchar(30)  not null,
    failure_reason      varchar(4000),
    source              varchar(20)  not null,
    auto_managed        boolean      not null,
    serial_number       varchar(128),
    not_before          timestamp,
    not_after           timestamp,
    sha256_fingerprint  varchar(95),
    chain_pem           text,
    private_key_enc     text,
    predecessor_id      uuid         references certificate (id),
    created_at          timestamp    not null,
    updated_at          timestamp    not null
);
create index ix_certificate_tenant_status on certificate (tenant_id, status);
create index ix_certificate_not_after on certificate (tenant_id, not_after);

-- One row per name so that "which certificates cover this name" is an index look-up.
create table certificate_domain (
    certificate_id      uuid         not null references certificate (id),
    domain              varchar(253) not null,
    primary key (certificate_id, domain)
);
create index ix_certificate_domain on certificate_domain (domain);

create table certificate_request (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    certificate_id      uuid         not null references certificate (id),
    issuer_id           uuid         not null references issuer (id),
    template_id         uuid         references issuing_template (id),
    key_type            varchar(20)  not null,
    validation_method   varchar(20)  not null,
    approval_required   boolean      not null,
    validity_days       integer,
    state               varchar(30)  not null,
    order_url           varchar(500),
    -- Orders placed for this request; a validation that failed (e.g. while Certflow was down) earns a fresh order, within a bound.
    order_attempts      integer      not null default 0,
    private_key_enc     text,
    -- The public half (SubjectPublicKeyInfo, base64) is not secret: kept so that checking the issued
    -- certificate and building the CSR need no key derivation.
    public_key          text,
    process_instance_id varchar(64),
    failure_reason      varchar(4000),
    decided_by          varchar(128),
    decision_reason     varchar(1000),
    requested_by        varchar(128),
    created_at          timestamp    not null,
    updated_at          timestamp    not null
);
create index ix_request_certificate on certificate_request (certificate_id);

create table domain_authorization (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    request_id          uuid         not null references certificate_request (id),
    domain              varchar(253) not null,
    order_url           varchar(500) not null,
    authorization_url   varchar(500) not null,
    challenge_type      varchar(20),
    challenge_url       varchar(500),
    token               varchar(256),
    key_authorization   varchar(512),
    status              varchar(20)  not null,
    failure_reason      varchar(4000),
    created_at          timestamp    not null,
    constraint uq_authorization unique (request_id, order_url, authorization_url)
);
create index ix_authorization_token on domain_authorization (token);
