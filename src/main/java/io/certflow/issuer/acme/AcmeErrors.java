package io.certflow.issuer.acme;

import java.time.Instant;
import java.util.Set;

import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeRetryAfterException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TermsNotAcceptedException;
import io.certflow.error.TransientFault;

/** Sorts acme4j's exceptions into Certflow's three kinds of failure. */
final class AcmeErrors {

    private static final String ACME_ERROR = "urn:ietf:params:acme:error:";

    /** Problem types that mean "this name will not be issued", not "try again". */
    private static final Set<String> IDENTIFIER_REJECTIONS = Set.of(
            "rejectedIdentifier", "unsupportedIdentifier", "caa", "badCSR", "malformed",
            "unsupportedContact", "invalidContact", "externalAccountRequired", "badSignatureAlgorithm",
            "badPublicKey", "badRevocationReason");
    /** Problem types that mean "control of the name was not proven"; a fresh order may still succeed. */
    private static final Set<String> VALIDATION_FAILURES = Set.of("unauthorized", "dns", "incorrectResponse", "connection", "tls");

    private AcmeErrors() {
    }

    static RuntimeException translate(String issuerName, Throwable error) {
        Throwable e = error instanceof AcmeLazyLoadingException lazy && lazy.getCause() != null ? lazy.getCause() : error;
        if (e instanceof AcmeUserActionRequiredException userAction) {
            return new TermsNotAcceptedException(issuerName,
                    userAction.getTermsOfServiceUri().map(Object::toString).orElse(null));
        }
        if (e instanceof AcmeRateLimitedException rateLimited) {
            Instant retryAfter = rateLimited.getRetryAfter().orElse(null);
            return new TransientFault("Rate limited by " + issuerName + ": " + describe(rateLimited.getProblem())
                    + (retryAfter == null ? "" : " (retry after " + retryAfter + ")"), e, retryAfter);
        }
        if (e instanceof AcmeRetryAfterException retry) {
            return new TransientFault(issuerName + " asked to retry later", e, retry.getRetryAfter());
        }
        if (e instanceof AcmeServerException server) {
            String type = server.getType().toString();
            if (type.startsWith(ACME_ERROR) && IDENTIFIER_REJECTIONS.contains(type.substring(ACME_ERROR.length()))) {
                return new BusinessFailure(FailureReason.IDENTIFIER_REJECTED, describe(server.getProblem()));
            }
            if (type.startsWith(ACME_ERROR) && VALIDATION_FAILURES.contains(type.substring(ACME_ERROR.length()))) {
                return new BusinessFailure(FailureReason.VALIDATION_FAILED, describe(server.getProblem()));
            }
            // badNonce, serverInternal and anything unknown: the CA may answer differently next time.
            return new TransientFault(issuerName + " answered: " + describe(server.getProblem()), e);
        }
        // Network faults and answers acme4j could not make sense of.
        if (e instanceof AcmeException || e instanceof AcmeProtocolException) {
            return new TransientFault("Cannot talk to " + issuerName + ": " + e.getMessage(), e);
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new TransientFault("Cannot talk to " + issuerName + ": " + e, e);
    }

    /** The CA's problem as a person reads it: "detail (type)" and the sub-problems per name. */
    static String describe(Problem problem) {
        StringBuilder out = new StringBuilder();
        out.append(problem.getDetail().orElse(problem.getTitle().orElse("no detail given")));
        out.append(" (").append(problem.getType()).append(')');
        for (Problem sub : problem.getSubProblems()) {
            out.append("; ");
            sub.getIdentifier().ifPresent(id -> out.append(id.getValue()).append(": "));
            out.append(sub.getDetail().orElse(sub.getType().toString()));
        }
        return out.toString();
    }
}
