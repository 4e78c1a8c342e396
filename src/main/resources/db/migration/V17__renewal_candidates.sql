-- The candidates of a renewal run (RenewalCandidates.page): a tenant's issued certificates expiring within the
-- policy's window, a page at a time, earliest expiry first, each page after the last one's (not_after, id). In this
-- index they are one range, in page order, that the next page starts inside; superseded certificates, which pile up
-- with every renewal (four a year for each certificate of 90 days), are outside it. With only (tenant_id, not_after)
-- a run's first page walked every superseded certificate that had ever expired before it reached the first candidate.
create index ix_certificate_renewal_candidates on certificate (tenant_id, status, not_after, id);
