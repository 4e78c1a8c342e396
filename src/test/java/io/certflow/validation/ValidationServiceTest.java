package io.certflow.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.ValidationMethod;
import io.certflow.crypto.KeyType;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TransientFault;
import io.certflow.issuer.ChallengeGateway.ChallengeState;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;
import io.certflow.testing.FakeCa;
import io.certflow.testing.InMemoryDatabase;

/**
 * The domain validation steps against a CA that counts triggers, with solvers that record what
 * they publish, on the real stores: each case runs the steps of DomainValidationProcess (one run
 * twice, as after a crash) and states the outcome at the CA, at the solver and in the store.
 */
class ValidationServiceTest {

    private static final Duration PROPAGATION_TIMEOUT = Duration.ofMinutes(10);

    private interface Step {
        Object run(ValidationService service, Fixture fixture);
    }

    private static final Step PRESENT = (service, f) -> service.present(f.authorizationId);
    private static final Step PROPAGATED = (service, f) -> service.propagated(f.authorizationId);
    private static final Step TRIGGER = (service, f) -> service.trigger(f.authorizationId);
    private static final Step CHECK = (service, f) -> service.check(f.authorizationId);
    private static final Step CLEAN_UP = (service, f) -> {
        service.cleanUp(f.authorizationId);
        return null;
    };
    private static final Step CA_DECIDES_VALID = (service, f) -> {
        f.ca.decideEveryChallenge(ChallengeState.VALID);
        return null;
    };
    private static final Step PROPAGATION_TIMEOUT_PASSES = (service, f) -> {
        f.now = f.now.plus(PROPAGATION_TIMEOUT).plusSeconds(1);
        return null;
    };

    record Case(String name, ValidationMethod method, Consumer<Fixture> setUp, List<Step> steps, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * @param lastResult what the last step told the process (null: nothing to say)
     * @param failure    the failure the last step ended with: a BusinessFailure's reason, or TransientFault
     */
    record Expected(AuthorizationStatus status, Object lastResult, Object failure, String detail, int triggers,
                    int published, int withdrawn) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a name the CA already considers proven is neither published nor triggered", ValidationMethod.HTTP_01,
                        f -> f.ca.authorizationsAlreadyValid = true, List.of(PRESENT),
                        new Expected(AuthorizationStatus.VALID, ValidationService.Presented.ALREADY_VALID, null, null, 0, 0, 0)),
                new Case("an http-01 answer is served at once and the challenge can be triggered", ValidationMethod.HTTP_01, f -> { },
                        List.of(PRESENT), new Expected(AuthorizationStatus.PRESENTED, ValidationService.Presented.READY, null, null, 0, 1, 0)),
                new Case("a dns-01 answer waits until the zone's servers give it", ValidationMethod.DNS_01, f -> { },
                        List.of(PRESENT), new Expected(AuthorizationStatus.PRESENTED, ValidationService.Presented.AWAIT_PROPAGATION, null,
                                null, 0, 1, 0)),
                new Case("a presentation run again after a crash leaves one answer", ValidationMethod.DNS_01, f -> { },
                        List.of(PRESENT, PRESENT), new Expected(AuthorizationStatus.PRESENTED, null, null, null, 0, 1, 0)),
                new Case("a name no answer can be published for fails and earns no further try", ValidationMethod.DNS_01,
                        f -> f.dns01.failure = "no DNS zone configured for www.example.test", List.of(PRESENT),
                        new Expected(AuthorizationStatus.UNANSWERABLE, null, FailureReason.VALIDATION_FAILED, "no DNS zone", 0, 0, 0)),
                new Case("a dns-01 answer not yet visible is looked for again", ValidationMethod.DNS_01, f -> f.dns01.visible = false,
                        List.of(PRESENT, PROPAGATED), new Expected(AuthorizationStatus.PRESENTED, false, null, null, 0, 1, 0)),
                new Case("a dns-01 answer still invisible after the propagation timeout is a transient fault, so the engine retries",
                        ValidationMethod.DNS_01, f -> f.dns01.visible = false, List.of(PRESENT, PROPAGATION_TIMEOUT_PASSES, PROPAGATED),
                        new Expected(AuthorizationStatus.PRESENTED, null, TransientFault.class, "still not visible", 0, 1, 0)),
                new Case("a challenge the CA validates at once is proven by the trigger step", ValidationMethod.HTTP_01, f -> { },
                        List.of(PRESENT, TRIGGER), new Expected(AuthorizationStatus.VALID, true, null, null, 1, 1, 0)),
                new Case("a trigger step run again after a crash triggers the challenge once", ValidationMethod.HTTP_01,
                        f -> f.ca.afterTrigger = ChallengeState.PENDING, List.of(PRESENT, TRIGGER, TRIGGER),
                        new Expected(AuthorizationStatus.TRIGGERED, false, null, null, 1, 1, 0)),
                new Case("a challenge the CA is still validating goes to the poll timer, and a later check finds it proven",
                        ValidationMethod.HTTP_01, f -> f.ca.afterTrigger = ChallengeState.PENDING,
                        List.of(PRESENT, TRIGGER, CA_DECIDES_VALID, CHECK),
                        new Expected(AuthorizationStatus.VALID, true, null, null, 1, 1, 0)),
                new Case("a challenge the CA finds invalid fails the validation with the CA's detail", ValidationMethod.HTTP_01,
                        f -> f.ca.afterTrigger = ChallengeState.INVALID, List.of(PRESENT, TRIGGER),
                        new Expected(AuthorizationStatus.INVALID, null, FailureReason.VALIDATION_FAILED, "Connection refused", 1, 1, 0)),
                new Case("a clean-up after an abandoned validation withdraws the answer and stops serving it", ValidationMethod.HTTP_01,
                        f -> f.ca.afterTrigger = ChallengeState.PENDING, List.of(PRESENT, TRIGGER, CLEAN_UP),
                        new Expected(AuthorizationStatus.INVALID, null, null, "abandoned", 1, 1, 1)),
                new Case("a clean-up after success withdraws the answer and keeps the name proven", ValidationMethod.DNS_01, f -> { },
                        List.of(PRESENT, TRIGGER, CLEAN_UP), new Expected(AuthorizationStatus.VALID, null, null, null, 1, 1, 1)),
                new Case("a clean-up run twice is harmless", ValidationMethod.DNS_01, f -> { },
                        List.of(PRESENT, TRIGGER, CLEAN_UP, CLEAN_UP), new Expected(AuthorizationStatus.VALID, null, null, null, 1, 1, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validationStep(Case example) {
        Fixture fixture = new Fixture(example.method());
        example.setUp().accept(fixture);
        ValidationService service = fixture.service();

        Object last = null;
        RuntimeException thrown = null;
        for (Step step : example.steps()) {
            try {
                last = step.run(service, fixture);
            } catch (BusinessFailure | TransientFault e) {
                thrown = e;
                break;
            }
        }

        Expected expected = example.expected();
        DomainAuthorization authorization = fixture.authorizations.find(fixture.authorizationId).orElseThrow();
        assertThat(authorization.status()).as("authorization status").isEqualTo(expected.status());
        if (expected.failure() instanceof FailureReason reason) {
            assertThat(thrown).isInstanceOfSatisfying(BusinessFailure.class, failure -> assertThat(failure.reason()).isEqualTo(reason));
        } else if (expected.failure() instanceof Class<?> type) {
            assertThat(thrown).isInstanceOf(type);
        } else {
            assertThat(thrown).as("no failure").isNull();
            if (expected.lastResult() != null) {
                assertThat(last).as("what the last step tells the process").isEqualTo(expected.lastResult());
            }
        }
        if (expected.detail() != null) {
            assertThat(thrown != null ? thrown.getMessage() : authorization.failureReason()).contains(expected.detail());
        }
        FakeSolver solver = example.method() == ValidationMethod.DNS_01 ? fixture.dns01 : fixture.http01;
        assertThat(fixture.ca.triggers.get()).as("challenges triggered at the CA").isEqualTo(expected.triggers());
        assertThat(solver.published).as("answers published").isEqualTo(expected.published());
        assertThat(solver.withdrawn).as("answers withdrawn").isEqualTo(expected.withdrawn());
    }

    /** Publishes nothing real: counts, and is as visible or as failing as the case says. */
    static final class FakeSolver implements ChallengeSolver {
        final String type;
        final boolean needsPropagation;
        String failure;
        boolean visible = true;
        int published;
        int withdrawn;
        private String present;

        FakeSolver(String type, boolean needsPropagation) {
            this.type = type;
            this.needsPropagation = needsPropagation;
        }

        @Override
        public String challengeType() {
            return type;
        }

        @Override
        public String present(DomainAuthorization authorization) {
            if (failure != null) {
                throw new BusinessFailure(FailureReason.VALIDATION_FAILED, failure);
            }
            if (!authorization.keyAuthorization().equals(present)) {
                present = authorization.keyAuthorization();
                published++;
            }
            return null;
        }

        @Override
        public boolean visible(DomainAuthorization authorization) {
            return visible;
        }

        @Override
        public boolean needsPropagation() {
            return needsPropagation;
        }

        @Override
        public void cleanUp(DomainAuthorization authorization) {
            present = null;
            withdrawn++;
        }
    }

    /** One ACME issuer, a request for one name with the given method and its authorization, on a fresh database. */
    static final class Fixture {
        final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
        final AuthorizationStore authorizations = new AuthorizationStore(jdbc);
        final CertificateRequestStore requests = new CertificateRequestStore(jdbc);
        final IssuerStore issuers = new IssuerStore(jdbc);
        final FakeCa ca = new FakeCa();
        final FakeSolver http01 = new FakeSolver("http-01", false);
        final FakeSolver dns01 = new FakeSolver("dns-01", true);
        final UUID authorizationId;
        Instant now = Instant.parse("2026-11-30T12:00:00Z");

        Fixture(ValidationMethod method) {
            UUID issuerId = UUID.randomUUID();
            UUID certificateId = UUID.randomUUID();
            UUID requestId = UUID.randomUUID();
            issuers.insert(new Issuer(issuerId, "default", "fake-ca", IssuerType.ACME, "https://ca.test/dir", null, null, now,
                    "admin", null, null, null, null, null, null, null, now, null, false, null));
            new CertificateStore(jdbc).insert(new Certificate(certificateId, "default", issuerId, List.of("www.example.test"),
                    KeyType.EC_P256, CertificateStatus.VALIDATING, null, CertificateSource.ISSUED, true, null, null, null, null,
                    null, now, now, false, null));
            requests.insert(new CertificateRequest(requestId, "default", certificateId, issuerId, null, KeyType.EC_P256,
                    method, false, null, null, null, null, "bob", now));
            String orderUrl = "https://ca.test/order/1";
            requests.recordOrderUrl(requestId, orderUrl, now);
            authorizations.insertIfAbsent("default", requestId, orderUrl, "www.example.test", orderUrl + "/authz/www", false, now);
            authorizationId = authorizations.forOrder(requestId, orderUrl).get(0).id();
        }

        ValidationService service() {
            Clock clock = new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
            return new ValidationService(authorizations, requests, issuers, ca, List.of(http01, dns01),
                    InMemoryDatabase.properties(Map.of("certflow.validation.check-wait", "PT0S",
                            "certflow.validation.dns01.propagation-timeout", PROPAGATION_TIMEOUT.toString())),
                    clock);
        }
    }
}
