-- Where certificates are deployed (issue 13). Paths are checked against certflow.deployment.allowed-roots
-- when a target is saved and again before each write; the reload command is a name from configuration.
create table deployment_target (
    id                  uuid          primary key,
    tenant_id           varchar(64)   not null,
    name                varchar(100)  not null,
    kind                varchar(20)   not null,
    certificate_path    varchar(1024),
    chain_path          varchar(1024),
    full_chain_path     varchar(1024),
    key_path            varchar(1024),
    file_mode           varchar(4)    not null,
    key_mode            varchar(4)    not null,
    file_owner          varchar(32),
    file_group          varchar(32),
    verify_host         varchar(253),
    verify_port         integer,
    verify_server_name  varchar(253),
    reload_command      varchar(64),
    created_at          timestamp     not null,
    updated_at          timestamp     not null,
    constraint uq_deployment_target_name unique (tenant_id, name)
);
