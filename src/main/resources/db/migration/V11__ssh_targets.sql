-- SSH deployment targets (issue 13): the PEM files (certificate_path ... key_path, file_mode, key_mode) on another
-- host, over SFTP. The host key is pinned by its SHA256 fingerprint. Exactly one secret is set: the private key
-- (purpose deployment-ssh-private-key) or the password (purpose deployment-ssh-password), each stored encrypted
-- under the KEK and never returned.
alter table deployment_target add column ssh_host varchar(253);
alter table deployment_target add column ssh_port integer;
alter table deployment_target add column ssh_user varchar(64);
alter table deployment_target add column ssh_host_key_fingerprint varchar(64);
alter table deployment_target add column ssh_private_key text;
alter table deployment_target add column ssh_password varchar(1024);
