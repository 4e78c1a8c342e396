package io.certflow.issuer.acme;

import java.net.URL;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.springframework.stereotype.Component;

import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.issuer.Issuer;

/** The ACME side of domain validation: find the challenge, trigger it, read its outcome. */
@Component
public class AcmeChallenges {

    private final AcmeLogins logins;

    public AcmeChallenges(AcmeLogins logins) {
        this.logins = logins;
    }

    /** What a solver needs to present; {@code alreadyValid} when the CA reused an earlier validation. */
    public record ChallengeData(boolean alreadyValid, String challengeUrl, String token, String keyAuthorization) {
    }

    public enum ChallengeState {
        /** Transient: not triggered yet, or the CA is still validating. */
        PENDING,
        /** Final: control proven. */
        VALID,
        /** Final: control not proven; see the detail. */
        INVALID
    }

    public record ChallengeOutcome(ChallengeState state, String detail) {
    }

    /**
     * The challenge of {@code type} ("http-01" or "dns-01") and the answer to publish: the key
     * authorization for http-01, its digest (the TXT value) for dns-01.
     */
    public ChallengeData challenge(Issuer issuer, String authorizationUrl, String type) {
        return logins.withLogin(issuer, login -> {
            Authorization authorization = login.bindAuthorization(new URL(authorizationUrl));
            if (authorization.getStatus() == Status.VALID) {
                return new ChallengeData(true, null, null, null);
            }
            Challenge challenge = authorization.findChallenge(type)
                    .orElseThrow(() -> new BusinessFailure(FailureReason.IDENTIFIER_REJECTED,
                            issuer.name() + " offers no " + type + " challenge for " + authorization.getIdentifier().getDomain()));
            String url = challenge.getLocation().toString();
            if (challenge instanceof Http01Challenge http) {
                return new ChallengeData(false, url, http.getToken(), http.getAuthorization());
            }
            if (challenge instanceof Dns01Challenge dns) {
                // The TXT value is all a DNS answer needs; the token is only ever served by http-01.
                return new ChallengeData(false, url, null, dns.getDigest());
            }
            throw new IllegalArgumentException("Certflow cannot answer " + type + " challenges");
        });
    }

    /** Asks the CA to validate, unless it already started or finished (a repeated job must not trigger twice). */
    public void trigger(Issuer issuer, String challengeUrl) {
        logins.withLogin(issuer, login -> {
            Challenge challenge = login.bindChallenge(new URL(challengeUrl));
            if (challenge.getStatus() == Status.PENDING) {
                challenge.trigger();
            }
            return null;
        });
    }

    public ChallengeOutcome check(Issuer issuer, String challengeUrl) {
        return logins.withLogin(issuer, login -> {
            Challenge challenge = login.bindChallenge(new URL(challengeUrl));
            Status status = challenge.getStatus();
            return switch (status) {
                case VALID -> new ChallengeOutcome(ChallengeState.VALID, null);
                case INVALID -> new ChallengeOutcome(ChallengeState.INVALID,
                        challenge.getError().map(AcmeErrors::describe).orElse("the challenge is invalid"));
                default -> new ChallengeOutcome(ChallengeState.PENDING, null);
            };
        });
    }
}
