package io.certflow.validation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.CertificateStore;
import io.certflow.config.CertflowProperties;
import io.certflow.failure.BoundedWait;
import io.certflow.failure.BusinessFailure;
import io.certflow.failure.FailureReason;
import io.certflow.failure.TermsNotAcceptedException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.acme.AcmeChallenges;
import io.certflow.issuer.acme.AcmeChallenges.ChallengeData;
import io.certflow.issuer.acme.AcmeChallenges.ChallengeOutcome;

/**
 * Proves control of one name of an order: present, trigger, check, clean up. Each step looks at
 * the state the previous run left, so it can run again after a crash.
 */
@Service
// A business outcome becomes a BPMN error and the job's transaction commits; it must not be marked rollback-only.
@Transactional(noRollbackFor = {BusinessFailure.class, TermsNotAcceptedException.class})
public class ValidationService {

    private final AuthorizationStore authorizations;
    private final CertificateStore certificates;
    private final IssuerStore issuers;
    private final AcmeChallenges challenges;
    private final Map<String, ChallengeSolver> solvers;
    private final Duration checkWait;

    public ValidationService(AuthorizationStore authorizations, CertificateStore certificates, IssuerStore issuers,
                             AcmeChallenges challenges, List<ChallengeSolver> solvers, CertflowProperties properties) {
        this.checkWait = properties.validation().checkWait();
        this.authorizations = authorizations;
        this.certificates = certificates;
        this.issuers = issuers;
        this.challenges = challenges;
        this.solvers = solvers.stream().collect(Collectors.toMap(ChallengeSolver::challengeType, Function.identity()));
    }

    /** Presents the challenge answer; returns true when the CA already considers the name proven. */
    public boolean present(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        if (authorization.status() == AuthorizationStatus.VALID) {
            return true;
        }
        Issuer issuer = issuerOf(authorization);
        ChallengeData data = challenges.http01(issuer, authorization.authorizationUrl());
        if (data.alreadyValid()) {
            authorizations.updateStatus(authorizationId, AuthorizationStatus.VALID, null);
            return true;
        }
        authorizations.recordChallenge(authorizationId, "http-01", data.challengeUrl(), data.token(), data.keyAuthorization());
        solver("http-01").present(load(authorizationId));
        return false;
    }

    public void trigger(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        if (authorization.status() != AuthorizationStatus.PRESENTED && authorization.status() != AuthorizationStatus.TRIGGERED) {
            return;
        }
        challenges.trigger(issuerOf(authorization), authorization.challengeUrl());
        authorizations.updateStatus(authorizationId, AuthorizationStatus.TRIGGERED, null);
    }

    /**
     * True when the name is proven, false while the CA is still validating.
     *
     * @throws BusinessFailure VALIDATION_FAILED with the CA's problem detail when the challenge is invalid
     */
    public boolean check(UUID authorizationId) {
        DomainAuthorization authorization = load(authorizationId);
        if (authorization.status() == AuthorizationStatus.VALID) {
            return true;
        }
        Issuer issuer = issuerOf(authorization);
        ChallengeOutcome[] last = new ChallengeOutcome[1];
        BoundedWait.until(checkWait, () -> {
            last[0] = challenges.check(issuer, authorization.challengeUrl());
            return last[0].state() != AcmeChallenges.ChallengeState.PENDING;
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

    private DomainAuthorization load(UUID authorizationId) {
        return authorizations.find(authorizationId)
                .orElseThrow(() -> new IllegalStateException("Authorization " + authorizationId + " does not exist"));
    }

    private Issuer issuerOf(DomainAuthorization authorization) {
        UUID issuerId = certificates.findRequest(authorization.requestId()).orElseThrow().issuerId();
        return issuers.findById(issuerId)
                .orElseThrow(() -> new BusinessFailure(FailureReason.REQUEST_INVALID, "The issuer of this request was deleted"));
    }

    private ChallengeSolver solver(String type) {
        ChallengeSolver solver = solvers.get(type);
        if (solver == null) {
            throw new BusinessFailure(FailureReason.VALIDATION_FAILED, "No solver for " + type + " challenges");
        }
        return solver;
    }
}
