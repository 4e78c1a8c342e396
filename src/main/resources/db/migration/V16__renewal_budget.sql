-- The renewal budget per issuer (issue 14): how many renewals a run may start an hour from it; null: its type's default.
alter table issuer add column orders_per_hour integer;
-- Which issuer a renewal orders from, to count the renewals of the last hour against its budget.
alter table renewal add column issuer_id uuid;
create index ix_renewal_issuer on renewal (issuer_id, created_at);
-- Due certificates a run did not start because their issuer's budget was spent; the next runs take them, earliest expiry first.
alter table renewal_run add column deferred integer default 0 not null;
alter table renewal_run add column cursor_not_after timestamp;
-- A run looks at the policy's candidates first, then at the certificates past their ARI time, each with its cursor.
alter table renewal_run add column policy_done boolean default false not null;
alter table renewal_run add column ari_cursor_id uuid;
