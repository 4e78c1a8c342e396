package io.certflow.validation;

/**
 * Makes a challenge answer visible to the CA and takes it away again (cert-manager's
 * Present / Check / CleanUp). Every method must be safe to call twice: a job can run again after
 * a crash.
 */
public interface ChallengeSolver {

    /** The ACME challenge type, e.g. "http-01". */
    String challengeType();

    /**
     * Publishes the answer. Returns where it was published when that can differ from the
     * authorization's name (dns-01 follows CNAMEs), else null.
     *
     * @throws io.certflow.error.BusinessFailure when no answer can be published at all
     */
    String present(DomainAuthorization authorization);

    /** True when every server the CA may ask already gives the answer; only then is the challenge triggered. */
    default boolean visible(DomainAuthorization authorization) {
        return true;
    }

    /** Whether {@link #visible} needs waiting for; false when the answer is served the moment it is presented. */
    default boolean needsPropagation() {
        return false;
    }

    void cleanUp(DomainAuthorization authorization);

    /**
     * Whether {@link #cleanUp} only touches what Certflow holds itself. Such a clean-up runs in the step that
     * finished the validation; one that talks to another system (a DNS server) is a job of its own, retried alone.
     */
    default boolean cleansUpLocally() {
        return false;
    }
}
