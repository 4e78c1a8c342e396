package io.certflow.issuer;

/**
 * The CA's side of domain validation, as the validation steps see it: find the challenge, trigger
 * it, read its outcome. Every method is safe to call twice: a job can run again after a crash.
 */
public interface ChallengeGateway {

    /**
     * The challenge of {@code type} ("http-01" or "dns-01") and the answer to publish: the key
     * authorization for http-01, its digest (the TXT value) for dns-01.
     */
    ChallengeData challenge(Issuer issuer, String authorizationUrl, String type);

    /** Asks the CA to validate, unless it already started or finished. */
    void trigger(Issuer issuer, String challengeUrl);

    ChallengeOutcome check(Issuer issuer, String challengeUrl);

    /** What a solver needs to present; {@code alreadyValid} when the CA reused an earlier validation. */
    record ChallengeData(boolean alreadyValid, String challengeUrl, String token, String keyAuthorization) {
    }

    enum ChallengeState {
        /** Transient: not triggered yet, or the CA is still validating. */
        PENDING,
        /** Final: control proven. */
        VALID,
        /** Final: control not proven; see the detail. */
        INVALID
    }

    record ChallengeOutcome(ChallengeState state, String detail) {
    }
}
