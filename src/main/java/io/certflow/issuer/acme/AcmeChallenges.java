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
import io.certflow.issuer.ChallengeGateway;
import io.certflow.issuer.Issuer;

/** The ACME side of domain validation: find the challenge, trigger it, read its outcome. */
@Component
public class AcmeChallenges implements ChallengeGateway {

    private final AcmeLogins logins;

    public AcmeChallenges(AcmeLogins logins) {
        this.logins = logins;
    }

    @Override
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

    /** A repeated job must not trigger twice: only a pending challenge is triggered. */
    @Override
    public void trigger(Issuer issuer, String challengeUrl) {
        logins.withLogin(issuer, login -> {
            Challenge challenge = login.bindChallenge(new URL(challengeUrl));
            if (challenge.getStatus() == Status.PENDING) {
                challenge.trigger();
            }
            return null;
        });
    }

    @Override
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
