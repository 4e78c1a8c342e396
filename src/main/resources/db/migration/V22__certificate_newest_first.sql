-- The certificates table (console and GET /api/certificates) lists newest first: order by created_at desc, id. With
-- these indexes a page reads its 50 rows in order instead of sorting the whole inventory: the first for a user's
-- tenants, the second for the global administrator, who sees every tenant.
create index ix_certificate_tenant_newest on certificate (tenant_id, created_at desc, id);
create index ix_certificate_newest on certificate (created_at desc, id);
