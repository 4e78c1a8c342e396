-- Auto-renewal (issue 14): a policy per tenant, one row per renewal of a certificate, one per run.
create table renewal_policy (
    tenant_id           varchar(64)   primary key,
    enabled             boolean       not null,
    window_days         integer       not null,
    default_template    varchar(100),
    auto_provision      boolean       not null,
    updated_by          varchar(128),
    updated_at          timestamp     not null
);

-- The certificate that replaced this one, once it is issued (and deployed where the policy says so).
alter table certificate add column successor_id uuid;

create table renewal_run (
    id                  uuid          primary key,
    tenant_id           varchar(64)   not null,
    trigger_kind        varchar(20)   not null,
    requested_by        varchar(128),
    started_at          timestamp     not null,
    finished_at         timestamp,
    eligible            integer       default 0 not null,
    started             integer       default 0 not null,
    skipped             integer       default 0 not null,
    -- The last certificate id a page of the run looked at: the run goes on from there after a crash.
    cursor_id           uuid,
    process_instance_id varchar(64)
);
create index ix_renewal_run_tenant on renewal_run (tenant_id, started_at);

create table renewal (
    id                   uuid           primary key,
    tenant_id            varchar(64)    not null,
    certificate_id       uuid           not null references certificate (id),
    -- The certificate while its renewal is in flight, null once it ended: the unique constraint lets one
    -- renewal of a certificate run at a time, whichever run, timer or node started it.
    in_flight_certificate_id uuid,
    run_id               uuid           references renewal_run (id),
    successor_id         uuid           references certificate (id),
    state                varchar(20)    not null,
    reason               varchar(2000),
    process_instance_id  varchar(64),
    created_at           timestamp      not null,
    updated_at           timestamp      not null,
    finished_at          timestamp,
    constraint uq_renewal_in_flight unique (in_flight_certificate_id)
);
create index ix_renewal_certificate on renewal (certificate_id, created_at);
create index ix_renewal_run on renewal (run_id);

-- The deployments a renewal makes of its successor (to every target the old certificate is bound to).
alter table deployment add column renewal_id uuid;
create index ix_deployment_renewal on deployment (renewal_id);
