package io.certflow.issuer.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeRetryAfterException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;
import org.shredzone.acme4j.toolbox.JSON;

import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TermsNotAcceptedException;
import io.certflow.error.TransientFault;

class AcmeErrorsTest {

    private static final String ISSUER = "Test CA";
    private static final String ACME = "urn:ietf:params:acme:error:";
    private static final Instant RETRY_AFTER = Instant.parse("2030-01-02T03:04:05Z");
    private static final String TERMS = "https://ca.test/terms/v2";

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments(named("a rejected identifier ends the request: retrying cannot change the CA's policy",
                        server("rejectedIdentifier", "Domain name is on a block list")),
                        identifierRejected("Domain name is on a block list")),
                arguments(named("an unsupported identifier ends the request",
                        server("unsupportedIdentifier", "Only DNS identifiers are supported")),
                        identifierRejected("Only DNS identifiers are supported")),
                arguments(named("a CAA record forbidding issuance ends the request",
                        server("caa", "CAA record for example.test prevents issuance")),
                        identifierRejected("CAA record for example.test prevents issuance")),
                arguments(named("a CSR the CA refuses ends the request",
                        server("badCSR", "CSR contains a name that is not in the order")),
                        identifierRejected("CSR contains a name that is not in the order")),
                arguments(named("a bad nonce is retried on the engine's schedule",
                        server("badNonce", "JWS has an invalid anti-replay nonce")),
                        transientFault(null, "JWS has an invalid anti-replay nonce")),
                arguments(named("an internal server error is retried on the engine's schedule",
                        server("serverInternal", "Database unavailable")),
                        transientFault(null, "Database unavailable")),
                arguments(named("a problem type the CA made up is retried rather than ending the request",
                        new AcmeServerException(problem("{\"type\":\"urn:ca.test:error:maintenance\",\"detail\":\"Down for maintenance\"}"))),
                        transientFault(null, "Down for maintenance")),
                arguments(named("a rate limit is retried no earlier than the CA asked",
                        new AcmeRateLimitedException(problem(ACME + "rateLimited", "Too many new orders recently"),
                                RETRY_AFTER, List.of())),
                        transientFault(RETRY_AFTER, "Too many new orders recently")),
                arguments(named("a rate limit without a retry-after is retried on the engine's schedule",
                        new AcmeRateLimitedException(problem(ACME + "rateLimited", "Too many new orders recently"),
                                null, List.of())),
                        transientFault(null, "Too many new orders recently")),
                arguments(named("a retry-after answer is retried no earlier than the CA asked",
                        new AcmeRetryAfterException("Order is still processing", RETRY_AFTER)),
                        transientFault(RETRY_AFTER, null)),
                arguments(named("changed terms of service wait for a person to accept them",
                        new AcmeUserActionRequiredException(problem(ACME + "userActionRequired", "Accept the new terms"),
                                URI.create(TERMS))),
                        termsNotAccepted(TERMS)),
                arguments(named("a network failure is retried on the engine's schedule",
                        new AcmeNetworkException(new IOException("Connection reset"))),
                        transientFault(null, "Cannot talk to Test CA")),
                arguments(named("a rejected identifier found while loading a resource lazily still ends the request",
                        lazy(server("rejectedIdentifier", "Domain name is on a block list"))),
                        identifierRejected("Domain name is on a block list")),
                arguments(named("a rate limit found while loading a resource lazily keeps its retry-after",
                        lazy(new AcmeRateLimitedException(problem(ACME + "rateLimited", "Slow down"), RETRY_AFTER, List.of()))),
                        transientFault(RETRY_AFTER, "Slow down")),
                arguments(named("a network failure found while loading a resource lazily is retried",
                        lazy(new AcmeNetworkException(new IOException("Connection reset")))),
                        transientFault(null, "Cannot talk to Test CA")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void acmeErrorsAreSortedIntoFinalTransientAndHumanActionFailures(Throwable error, Outcome expected) {
        RuntimeException translated = AcmeErrors.translate(ISSUER, error);

        expected.check().accept(translated);
    }

    @Test
    void anUnrelatedRuntimeExceptionIsPassedOnUnchanged() {
        IllegalStateException bug = new IllegalStateException("a bug in Certflow");

        assertThat(AcmeErrors.translate(ISSUER, bug)).isSameAs(bug);
    }

    @Test
    void describeGivesTheDetailAndTheProblemType() {
        Problem problem = problem(ACME + "rejectedIdentifier", "Domain name is on a block list");

        assertThat(AcmeErrors.describe(problem))
                .isEqualTo("Domain name is on a block list (urn:ietf:params:acme:error:rejectedIdentifier)");
    }

    @Test
    void describeFallsBackToTheTitleWhenThereIsNoDetail() {
        Problem problem = problem("{\"type\":\"" + ACME + "serverInternal\",\"title\":\"Internal error\"}");

        assertThat(AcmeErrors.describe(problem)).contains("Internal error").contains(ACME + "serverInternal");
    }

    @Test
    void describeNamesEveryRejectedIdentifierOfACompoundProblem() {
        Problem problem = problem("""
                {"type": "urn:ietf:params:acme:error:compound",
                 "detail": "Some identifiers were rejected",
                 "subproblems": [
                   {"type": "urn:ietf:params:acme:error:rejectedIdentifier", "detail": "Domain is forbidden",
                    "identifier": {"type": "dns", "value": "forbidden.example.test"}},
                   {"type": "urn:ietf:params:acme:error:caa",
                    "identifier": {"type": "dns", "value": "caa.example.test"}}
                 ]}""");

        assertThat(AcmeErrors.describe(problem)).isEqualTo("Some identifiers were rejected (" + ACME + "compound)"
                + "; forbidden.example.test: Domain is forbidden"
                + "; caa.example.test: " + ACME + "caa");
    }

    @Test
    void aCaDetailIsCutToOneShortLine() {
        String flood = "Forged line\r\nINFO admin logged in\u2028" + "x".repeat(10_000);
        Problem problem = problem("{\"type\":\"" + ACME + "malformed\",\"detail\":" + quoted(flood) + "}");

        String described = AcmeErrors.describe(problem);

        assertThat(described).startsWith("Forged line INFO admin logged in x").doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("\u2028").hasSizeLessThan(AcmeErrors.MAX_CA_TEXT + 100);
    }

    @Test
    void aCompoundProblemWithHundredsOfSubProblemsStaysWithinAFailureReason() {
        StringBuilder subProblems = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            subProblems.append(i == 0 ? "" : ",").append("{\"type\":\"").append(ACME).append("caa\",\"detail\":")
                    .append(quoted("d".repeat(2_000))).append(",\"identifier\":{\"type\":\"dns\",\"value\":\"n").append(i)
                    .append(".example.test\"}}");
        }
        Problem problem = problem("{\"type\":\"" + ACME + "compound\",\"detail\":\"Many\",\"subproblems\":[" + subProblems + "]}");

        String described = AcmeErrors.describe(problem);

        assertThat(described).hasSizeLessThanOrEqualTo(AcmeErrors.MAX_DESCRIPTION).contains("n0.example.test")
                .doesNotContain("n5.example.test").containsPattern("; and 29\\d more$");
    }

    @Test
    void aNetworkFaultsMessageIsCutToo() {
        RuntimeException translated = AcmeErrors.translate(ISSUER, new AcmeException("y".repeat(50_000)));

        assertThat(translated.getMessage()).hasSizeLessThan(AcmeErrors.MAX_CA_TEXT + 100);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
                .replace("\u2028", "\\u2028") + "\"";
    }

    // ---- building acme4j exceptions -------------------------------------------------------------

    private static AcmeServerException server(String acmeType, String detail) {
        return new AcmeServerException(problem(ACME + acmeType, detail));
    }

    private static AcmeLazyLoadingException lazy(AcmeException cause) {
        return new AcmeLazyLoadingException(Order.class, url("https://ca.test/order/1"), cause);
    }

    private static Problem problem(String type, String detail) {
        return problem("{\"type\":\"" + type + "\",\"detail\":\"" + detail + "\"}");
    }

    private static Problem problem(String json) {
        return new Problem(JSON.parse(json), url("https://ca.test/x"));
    }

    private static URL url(String url) {
        try {
            return new URL(url);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- expected outcomes ----------------------------------------------------------------------

    record Outcome(String description, Consumer<RuntimeException> check) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static Outcome identifierRejected(String detail) {
        return new Outcome("a final IDENTIFIER_REJECTED failure", e -> assertThat(e)
                .isInstanceOfSatisfying(BusinessFailure.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.IDENTIFIER_REJECTED);
                    assertThat(failure.detail()).contains(detail);
                }));
    }

    private static Outcome transientFault(Instant retryAfter, String messagePart) {
        return new Outcome("a transient fault", e -> assertThat(e)
                .isInstanceOfSatisfying(TransientFault.class, fault -> {
                    if (retryAfter == null) {
                        assertThat(fault.retryAfter()).isEmpty();
                    } else {
                        assertThat(fault.retryAfter()).contains(retryAfter);
                        assertThat(TransientFault.retryAfterIn(fault)).contains(retryAfter);
                    }
                    if (messagePart != null) {
                        assertThat(fault.getMessage()).contains(messagePart);
                    }
                    assertThat(fault.getMessage()).as("names the issuer").contains(ISSUER);
                }));
    }

    private static Outcome termsNotAccepted(String termsUrl) {
        return new Outcome("terms to be accepted by a person", e -> assertThat(e)
                .isInstanceOfSatisfying(TermsNotAcceptedException.class, terms -> {
                    assertThat(terms.termsUrl()).isEqualTo(termsUrl);
                    assertThat(terms.getMessage()).contains("'" + ISSUER + "'").contains(termsUrl);
                }));
    }
}
