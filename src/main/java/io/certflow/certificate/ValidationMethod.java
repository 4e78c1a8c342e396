package io.certflow.certificate;

/** How domain control is proven for a name. */
public enum ValidationMethod {
    /** The CA fetches a token from http://name/.well-known/acme-challenge/; cannot prove wildcards. */
    HTTP_01,
    /** The CA looks up a TXT record at _acme-challenge.name; the only way to prove a wildcard. */
    DNS_01,
    /** No proof: the private CA issues internal names on the tenant's word (approval can be required instead). */
    NONE;

    /** The ACME challenge type that proves this method, e.g. "http-01"; null for NONE. */
    public String challengeType() {
        return this == NONE ? null : name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
