-- The names of a certificate, comma-separated: up to 100 names (DomainNames.MAX_NAMES) of up to 253
-- characters each and 99 commas are 25,399 characters, which varchar(8000) refused with a 500 for
-- 100 valid names of 80 characters or more. SET DATA TYPE keeps NOT NULL in both H2 and PostgreSQL.
alter table certificate alter column domains set data type varchar(25600);
