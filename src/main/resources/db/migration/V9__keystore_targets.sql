-- KEYSTORE deployment targets (issue 13): one PKCS#12 or JKS file, written whole. The password is stored
-- encrypted under the KEK (purpose deployment-keystore-password) and never returned. file_mode and key_mode
-- stay not null: a keystore target stores 0600 in both, the mode its file is written with.
alter table deployment_target add column keystore_path varchar(1024);
alter table deployment_target add column keystore_format varchar(10);
alter table deployment_target add column keystore_alias varchar(64);
alter table deployment_target add column keystore_password varchar(1024);
