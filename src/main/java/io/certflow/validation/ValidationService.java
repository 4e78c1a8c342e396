package io.certflow.validation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.ValidationMethod;
import io.certflow.config.CertflowProperties;
import io.certflow.error.BoundedWait;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TermsNotAcceptedException;
import io.certflow.error.TransientFault;
import io.certflow.issuer.ChallengeGateway.ChallengeData;
import io.certflow.issuer.ChallengeGateway.ChallengeOutcome;
import io.certflow.issuer.ChallengeGateway.ChallengeState;
import io.certflow.issuer.ChallengeGateway;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;

/**
 * Proves control of one name of an order: present, trigger, check, clean up. Each step looks at
 * the state the previous run left, so it can run again after a crash.
 */
@Service
// A business outcome becomes a BPMN error and the job's transaction commits; it must not be marked rollback-only.
@Transactional(noRollbackFor = {BusinessFailure.class, TermsNotAcceptedException.class})
public class ValidationService {

    private final AuthorizationStore authorizations;
    private final CertificateRequestStore requests;
    private final IssuerStore issuers;
    private final ChallengeGateway challenges;
    private final Map<String, ChallengeSolver> solvers;
    private final Duration checkWait;
    private final Duration propagationTimeout;
    private final Clock clock;

    public ValidationService(AuthorizationStore authorizations, CertificateRequestStore requests, IssuerStore issuers,
                             ChallengeGateway challenges, List<ChallengeSolver> solvers, CertflowProperties properties,
                             Clock clock) {
        this.checkWait = properties.validation().checkWait();
        this.propagationTimeout = properties.validation().dns01().propagationTimeout();
        this.clock = clock;
        this.authorizations = authorizations;
        this.requests = requests;
        this.issuers = issuers;
        this.challenges = challenges;
        this.solvers = solvers.stream().collect(Collectors.toMap(ChallengeSolver::challengeType, Function.identity()));
    }

    /** What presenting left to do. */
    public enum Presented {
        /** The CA already considers the name proven (an earlier validation it reused). */
        ALREADY_VALID,
        /** The answer is served; the challenge can be triggered. */
        READY,
        /** The answer was published in DNS; wait until the zone's servers give it before triggering. */
        AWAIT_PROPAGATION
    }

    /**
     * Publishes the challenge answer with the solver the name's validation method asks for.
     *
     * @throws BusinessFailure VALIDATION_FAILED when no answer can be published (no DNS zone for the name)
     */
    public Presented present(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        if (authorization.status() == AuthorizationStatus.VALID) {
            return Presented.ALREADY_VALID;
        }
        Issuer issuer = issuerOf(authorization);
        String type = challengeTypeOf(authorization);
        ChallengeSolver solver = solver(type);
        ChallengeData data = challenges.challenge(issuer, authorization.authorizationUrl(), type);
        if (data.alreadyValid()) {
            authorizations.updateStatus(authorizationId, AuthorizationStatus.VALID, null);
            return Presented.ALREADY_VALID;
        }
        authorizations.recordChallenge(authorizationId, type, data.challengeUrl(), data.token(), data.keyAuthorization());
        String recordName;
        try {
            recordName = solver.present(load(authorizationId));
        } catch (BusinessFailure e) {
            authorizations.updateStatus(authorizationId, AuthorizationStatus.UNANSWERABLE, e.getMessage());
            throw e;
        }
        if (authorization.presentedAt() == null) {
            authorizations.recordPublication(authorizationId, recordName, clock.instant());
        }
        return solver.needsPropagation() ? Presented.AWAIT_PROPAGATION : Presented.READY;
    }

    /**
     * True once every server the CA may ask gives the answer. Bounded: after the configured
     * propagation timeout every further look is a {@link TransientFault}, which the engine retries
     * and finally reports as an incident, with the request kept.
     */
    public boolean propagated(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        if (authorization.status() != AuthorizationStatus.PRESENTED) {
            return true;
        }
        if (solver(authorization.challengeType()).visible(authorization)) {
            return true;
        }
        Instant deadline = authorization.presentedAt().plus(propagationTimeout);
        if (clock.instant().isAfter(deadline)) {
            throw new TransientFault("The " + authorization.challengeType() + " answer for " + authorization.domain() + " at "
                    + authorization.recordName() + " is still not visible at every name server of its zone after "
                    + propagationTimeout, null);
        }
        return false;
    }

    /**
     * Asks the CA to validate now, then looks for its decision as {@link #check} does: a CA commonly
     * decides within the check's short wait, and the decision then costs no poll of its own.
     * Running it again is safe: a challenge already triggered is triggered again, which a CA answers
     * with its current state.
     *
     * @return true when the name is proven, false while the CA is still validating
     * @throws BusinessFailure VALIDATION_FAILED with the CA's problem detail when the challenge is invalid
     */
    public boolean trigger(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        if (authorization.status() != AuthorizationStatus.PRESENTED && authorization.status() != AuthorizationStatus.TRIGGERED) {
            return check(authorization);
        }
        Issuer issuer = issuerOf(authorization);
        challenges.trigger(issuer, authorization.challengeUrl());
        authorizations.updateStatus(authorizationId, AuthorizationStatus.TRIGGERED, null);
        return check(authorization, issuer);
    }

    /**
     * True when the name is proven, false while the CA is still validating.
     *
     * @throws BusinessFailure VALIDATION_FAILED with the CA's problem detail when the challenge is invalid
     */
    public boolean check(UUID authorizationId) {
        return check(load(authorizationId));
    }

    private boolean check(DomainAuthorization authorization) {
        return authorization.status() == AuthorizationStatus.VALID || check(authorization, issuerOf(authorization));
    }

    private boolean check(DomainAuthorization authorization, Issuer issuer) {
        UUID authorizationId = authorization.id();
        ChallengeOutcome[] last = new ChallengeOutcome[1];
        BoundedWait.until(checkWait, () -> {
            last[0] = challenges.check(issuer, authorization.challengeUrl());
            return last[0].state() != ChallengeState.PENDING;
        });
        ChallengeOutcome outcome = last[0];
        switch (outcome.state()) {
            case VALID -> {
                authorizations.updateStatus(authorizationId, AuthorizationStatus.VALID, null);
                return true;
            }
            case INVALID -> {
                String reason = "Validation of " + authorization.domain() + " failed: " + outcome.detail();
                authorizations.updateStatus(authorizationId, AuthorizationStatus.INVALID, reason);
                throw new BusinessFailure(FailureReason.VALIDATION_FAILED, reason);
            }
            default -> {
                return false;
            }
        }
    }

    /** Takes the answer away; runs after success and after failure alike. */
    public void cleanUp(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        if (authorization.challengeType() != null) {
            solver(authorization.challengeType()).cleanUp(authorization);
        }
        if (authorization.status() == AuthorizationStatus.PRESENTED || authorization.status() == AuthorizationStatus.TRIGGERED) {
            // The answer stops being served by the responder once the row leaves these states.
            authorizations.updateStatus(authorizationId, AuthorizationStatus.INVALID, "Validation was abandoned");
        }
    }

    /** Whether {@link #cleanUp} stays inside Certflow: nothing was presented, or its solver cleans up locally. */
    public boolean cleansUpLocally(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        return authorization.challengeType() == null || solver(authorization.challengeType()).cleansUpLocally();
    }

    private DomainAuthorization load(UUID authorizationId) {
        return authorizations.find(authorizationId)
                .orElseThrow(() -> new IllegalStateException("Authorization " + authorizationId + " does not exist"));
    }

    private Issuer issuerOf(DomainAuthorization authorization) {
        UUID issuerId = requests.findRequest(authorization.requestId()).orElseThrow().issuerId();
        return issuers.findById(issuerId)
                .orElseThrow(() -> new BusinessFailure(FailureReason.REQUEST_INVALID, "The issuer of this request was deleted"));
    }

    /** The method recorded for the name, else the request's (requests from before per-name methods). */
    private String challengeTypeOf(DomainAuthorization authorization) {
        CertificateRequest request = requests.findRequest(authorization.requestId()).orElseThrow();
        ValidationMethod method = requests.validationMethodOf(request.id(), authorization.domain())
                .orElse(request.validationMethod());
        if (method == ValidationMethod.NONE) {
            throw new BusinessFailure(FailureReason.VALIDATION_FAILED, authorization.domain() + " has no validation method");
        }
        return method.challengeType();
    }

    private ChallengeSolver solver(String type) {
        ChallengeSolver solver = solvers.get(type);
        if (solver == null) {
            throw new BusinessFailure(FailureReason.VALIDATION_FAILED, "No solver for " + type + " challenges");
        }
        return solver;
    }
}
