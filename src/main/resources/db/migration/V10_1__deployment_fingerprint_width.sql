-- A SHA-256 fingerprint as Certflow writes it (Pem.sha256Fingerprint: 32 hex pairs and 31 colons) is
-- 95 characters, as certificate.sha256_fingerprint holds it; V10 made these columns 64 wide, which
-- PostgreSQL refused for every deployment.
alter table deployment alter column expected_fingerprint set data type varchar(95);
alter table deployment alter column previous_fingerprint set data type varchar(95);
