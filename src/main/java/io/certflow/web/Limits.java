package io.certflow.web;

import io.certflow.crypto.DomainNames;
import io.certflow.crypto.EmailAddresses;
import io.certflow.deployment.AllowedPaths;
import io.certflow.deployment.SshLoginSettings;
import io.certflow.issuer.AcmeIssuerFields;
import io.certflow.issuer.acme.AcmeUrls;

/**
 * The longest value each field of a request may have, checked before anything else runs, so that no
 * value reaches a column too small for it (db/migration) and no value is read without bound. The
 * services check what the values mean; these only bound their size.
 */
final class Limits {

    /** tenant_id varchar(64). */
    static final int TENANT = 64;
    /** The names of issuers, templates and repositories: name varchar(100). */
    static final int NAME = 100;
    /** A DNS name (253 characters) and a final dot: zone, tsig_key_name, caa_identity varchar(253). */
    static final int DNS_NAME = 254;
    /** host:port, a DNS name and ":65535", or an IPv6 address in brackets and its port. */
    static final int HOST_PORT = DNS_NAME + 6;
    /** directory_url, terms_agreed_url varchar(500). */
    static final int URL = AcmeUrls.MAX_LENGTH;
    /** contact_email varchar(254), RFC 5321's longest address. */
    static final int EMAIL = EmailAddresses.MAX_LENGTH;
    /** eab_key_id varchar(200). */
    static final int EAB_KEY_ID = AcmeIssuerFields.MAX_EAB_KEY_ID;
    /** A word from a fixed list (keyType, type, validationMethod, dataSource, tsigAlgorithm, format). */
    static final int WORD = 50;
    /** A file path of a deployment target: certificate_path and the others, varchar(1024). */
    static final int PATH = AllowedPaths.MAX_LENGTH;
    /** A TSIG secret or an EAB HMAC key in base64: 1,024 characters are 768 bytes, six times a SHA-512 block. */
    static final int SECRET = 1024;
    /** An SSH private key's text, as the deployment targets accept it (ssh_private_key, sealed, is text). */
    static final int SSH_PRIVATE_KEY = SshLoginSettings.MAX_PRIVATE_KEY;
    /** A trust anchor's PEM, like an upload at most 1 MiB. */
    static final int PEM = 1024 * 1024;
    /** Base64 of at most 10 MiB of data to sign, verify, encrypt or decrypt. */
    static final int CMS_BASE64 = 4 * ((10 * 1024 * 1024 + 2) / 3);
    /** A whole JSON body: room for the largest CMS data and its JSON around it. */
    static final int JSON_BODY = 16 * 1024 * 1024;
    /** Names per certificate, as DomainNames allows. */
    static final int NAMES = DomainNames.MAX_NAMES;

    static final String CHARACTERS = "at most {max} characters";
    static final String ENTRIES = "at most {max} entries";
    static final String DOMAIN_NAME = "a domain name has at most 253 characters";

    private Limits() {
    }
}
