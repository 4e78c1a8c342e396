-- A certificate's names were stored twice: in a comma-separated column (8,000 characters, too small
-- for the 100 names of up to 253 characters a request may carry) and as one row per name. The rows
-- alone hold them now, with their order; the order comes from each name's place in the old column.
alter table certificate_domain add column position integer;
update certificate_domain set position = (
    select position(',' || certificate_domain.domain || ',' in ',' || c.domains || ',')
    from certificate c where c.id = certificate_domain.certificate_id);
alter table certificate_domain alter column position set not null;
alter table certificate drop column domains;
