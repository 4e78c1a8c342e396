-- Uploaded certificates and certificate application repositories.

-- An uploaded certificate that was expired or not yet valid when it was accepted (only with the explicit flag).
alter table certificate add column outside_validity boolean default false not null;

-- A certificate application repository: certificates grouped by where they come from and what they are for.
-- A PRIVATE or COMPLIANT repository is bound to one intermediate CA; a CA is bound to at most one repository.
create table repository (
    id                  uuid         primary key,
    tenant_id           varchar(64)  not null,
    name                varchar(100) not null,
    data_source         varchar(20),
    ca_id               uuid         references certificate_authority (id),
    state               varchar(10)  not null,
    created_at          timestamp    not null,
    updated_at          timestamp    not null,
    constraint uq_repository_name unique (tenant_id, name),
    constraint uq_repository_ca unique (ca_id)
);

create table repository_certificate (
    repository_id       uuid         not null references repository (id),
    certificate_id      uuid         not null references certificate (id),
    primary key (repository_id, certificate_id)
);
create index ix_repository_certificate on repository_certificate (certificate_id);
