package io.certflow.issuer.acme;

import java.net.URL;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.springframework.stereotype.Component;

import io.certflow.failure.BusinessFailure;
import io.certflow.failure.FailureReason;
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

    public ChallengeData http01(Issuer issuer, String authorizationUrl) {
        return logins.withLogin(issuer, login -> {
            Authorization authorization = login.bindAuthorization(new URL(authorizationUrl));
            if (authorization.getStatus() == Status.VALID) {
                return new ChallengeData(true, null, null, null);
            }
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class)
                    .orElseThrow(() -> new BusinessFailure(FailureReason.IDENTIFIER_REJECTED,
                            issuer.name() + " offers no http-01 challenge for " + authorization.getIdentifier().getDomain()));
            return new ChallengeData(false, challenge.getLocation().toString(), challenge.getToken(), challenge.getAuthorization());
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
