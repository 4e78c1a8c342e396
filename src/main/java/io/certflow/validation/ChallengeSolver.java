package io.certflow.validation;

/**
 * Makes a challenge answer visible to the CA and takes it away again (cert-manager's
 * Present / CleanUp). Both must be safe to call twice. dns-01 plugs in here.
 */
public interface ChallengeSolver {

    /** The ACME challenge type, e.g. "http-01". */
    String challengeType();

    void present(DomainAuthorization authorization);

    void cleanUp(DomainAuthorization authorization);
}
