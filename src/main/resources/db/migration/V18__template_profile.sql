-- The ACME profile (e.g. shortlived, tlsserver) a template's orders ask the CA for; null: the CA's default.
alter table issuing_template add column profile varchar(64);
