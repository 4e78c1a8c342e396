package io.certflow.error;

/** The CA's terms of service are not (or no longer) the ones agreed to: a person must accept them. */
public class TermsNotAcceptedException extends RuntimeException {

    private final String termsUrl;

    public TermsNotAcceptedException(String issuerName, String termsUrl) {
        super("The terms of service of issuer '" + issuerName + "' must be accepted"
                + (termsUrl == null ? "" : ": " + termsUrl));
        this.termsUrl = termsUrl;
    }

    public String termsUrl() {
        return termsUrl;
    }
}
