package io.certflow.certificate;

/** How domain control is proven for a name. */
public enum ValidationMethod {
    /** The CA fetches a token from http://name/.well-known/acme-challenge/; cannot prove wildcards. */
    HTTP_01,
    /** No proof: the private CA issues internal names on the tenant's word (approval can be required instead). */
    NONE
}
