-- The console's overview lists the renewals that failed on their last attempt and the deployments that failed or
-- were rolled back in the last days. Both are few among many (every renewal and deployment stays as history), so
-- an index by state reads only them instead of the whole history.
create index ix_renewal_state on renewal (state, tenant_id);
create index ix_deployment_state on deployment (state, finished_at);
