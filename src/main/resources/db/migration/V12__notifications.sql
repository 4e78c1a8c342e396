-- Notifications (issue 14): events for a tenant's people (failure, warning, deferral, success), stored when
-- raised, in the transaction that decided them, and mailed by NotificationDeliveryProcess.
create table notification (
    id                   uuid           primary key,
    tenant_id            varchar(64)    not null,
    kind                 varchar(20)    not null,
    subject              varchar(200)   not null,
    body                 varchar(20000) not null,
    -- Chosen by the code that raises the event: the same key raised again is the same event, stored and sent once.
    dedup_key            varchar(200)   not null,
    -- PENDING until mailed (SENT), or SKIPPED with the reason when the tenant's settings or the host send nothing.
    state                varchar(20)    not null,
    reason               varchar(500),
    -- The contacts it is mailed to, comma-separated (a comma cannot occur in an accepted address); empty when SKIPPED.
    recipients           varchar(5200)  not null,
    process_instance_id  varchar(64),
    created_at           timestamp      not null,
    sent_at              timestamp,
    constraint uq_notification_dedup unique (tenant_id, dedup_key)
);
create index ix_notification_tenant on notification (tenant_id, created_at);

-- Who hears of what, per tenant; a tenant without a row has the defaults (no contacts, FAILURES_WARNINGS_DEFERRALS).
create table notification_settings (
    tenant_id   varchar(64)    primary key,
    contacts    varchar(5200)  not null,
    level       varchar(40)    not null,
    updated_by  varchar(128),
    updated_at  timestamp      not null
);
