-- Deployments of certificates to targets (issue 13). A deployment row is written before its process
-- starts, in the same transaction, and every step of the process records its state in it.
create table deployment (
    id                    uuid           primary key,
    tenant_id             varchar(64)    not null,
    certificate_id        uuid           not null references certificate (id),
    -- Null once a target is deleted with ?force=true; the name stays for the history.
    target_id             uuid           references deployment_target (id) on delete set null,
    target_name           varchar(100)   not null,
    -- The target while the deployment is in flight, null once it ended: the unique constraint lets
    -- one deployment at a time write a target, also across Certflow nodes.
    in_flight_target_id   uuid,
    state                 varchar(20)    not null,
    reason                varchar(2000),
    expected_serial       varchar(64)    not null,
    expected_fingerprint  varchar(64)    not null,
    served_serial         varchar(64),
    previous_serial       varchar(64),
    previous_fingerprint  varchar(64),
    previous_checked      boolean        default false not null,
    reload_exit_code      integer,
    reload_output         varchar(8192),
    verify_started_at     timestamp,
    rollback_verify_started_at timestamp,
    process_instance_id   varchar(64),
    requested_by          varchar(128),
    created_at            timestamp      not null,
    updated_at            timestamp      not null,
    finished_at           timestamp,
    constraint uq_deployment_in_flight unique (in_flight_target_id)
);
create index ix_deployment_certificate on deployment (certificate_id, created_at);
create index ix_deployment_target on deployment (target_id);

-- Which targets a certificate belongs on: recorded by its first deployment, so a renewal redeploys there.
create table deployment_binding (
    certificate_id  uuid       not null references certificate (id),
    target_id       uuid       not null references deployment_target (id) on delete cascade,
    created_at      timestamp  not null,
    primary key (certificate_id, target_id)
);
create index ix_deployment_binding_target on deployment_binding (target_id);

-- The targets a certificate request names (deployTo): deployed as soon as the certificate is issued.
create table certificate_request_target (
    request_id  uuid     not null references certificate_request (id),
    target_id   uuid     not null references deployment_target (id) on delete cascade,
    position    integer  not null,
    primary key (request_id, target_id)
);
