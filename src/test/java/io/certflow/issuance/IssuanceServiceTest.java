package io.certflow.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
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
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.crypto.Pem;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TermsNotAcceptedException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerGateway.OrderState;
import io.certflow.issuer.IssuerGateways;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuingTemplate;
import io.certflow.issuer.TemplateStore;
import io.certflow.issuer.IssuerType;
import io.certflow.testing.FakeCa;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.validation.AuthorizationStatus;
import io.certflow.validation.AuthorizationStore;

/**
 * The issuance steps against a CA that counts what it is asked, on the real stores: each case runs
 * steps as the process would (including a step run twice, as after a crash) and states the outcome
 * at the CA and in the inventory.
 */
class IssuanceServiceTest {

    private static final int MAX_ORDERS = 3;

    /** A step of CertificateIssuanceProcess; returns what the step tells the process. */
    private interface Step {
        Object run(IssuanceService service, Fixture fixture);
    }

    private static final Step CHECK_REQUEST = (service, f) -> service.checkRequest(f.requestId);
    private static final Step PLACE_ORDER = (service, f) -> {
        service.placeOrder(f.requestId);
        return null;
    };
    private static final Step GENERATE_KEY = (service, f) -> {
        service.generateKey(f.requestId);
        return null;
    };
    private static final Step FINALIZE = (service, f) -> service.finalizeOrder(f.requestId);
    private static final Step CHECK_ORDER = (service, f) -> service.checkOrder(f.requestId);
    private static final Step PREPARE_NEW_ORDER = (service, f) -> service.prepareNewOrder(f.requestId);
    private static final Step REJECT = (service, f) -> {
        service.recordDecision(f.requestId, false, "alice", "not our domain");
        return null;
    };
    private static final Step NAME_UNANSWERABLE = (service, f) -> {
        f.authorizations.forOrder(f.requestId, f.requests.findRequest(f.requestId).orElseThrow().orderUrl())
                .forEach(authorization -> f.authorizations.updateStatus(authorization.id(), AuthorizationStatus.UNANSWERABLE, "no zone"));
        return null;
    };

    record Case(String name, Consumer<FakeCa> ca, boolean approvalRequired, List<Step> steps, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * @param lastResult what the last step returned (null: nothing to say)
     * @param failure    the business failure the last step ended with, or null
     * @param detail     a text the failure or the certificate's failure reason contains
     */
    record Expected(CertificateStatus status, Object lastResult, FailureReason failure, Class<? extends Exception> exception,
                    String detail, int ordersPlaced, int csrsSent, int downloads) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a CA that issues at once has the certificate stored by the finalize step", ca -> { }, false,
                        List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE),
                        new Expected(CertificateStatus.ISSUED, true, null, null, null, 1, 1, 1)),
                new Case("a finalize step run again after a crash sends no second CSR and downloads nothing again", ca -> { }, false,
                        List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE, FINALIZE),
                        new Expected(CertificateStatus.ISSUED, true, null, null, null, 1, 1, 1)),
                new Case("an order placement run again reads back the order it placed", ca -> { }, false,
                        List.of(PLACE_ORDER, PLACE_ORDER),
                        new Expected(CertificateStatus.VALIDATING, null, null, null, null, 1, 0, 0)),
                new Case("a key generation run again keeps the first key, which the CA then certifies", ca -> { }, false,
                        List.of(PLACE_ORDER, GENERATE_KEY, GENERATE_KEY, FINALIZE),
                        new Expected(CertificateStatus.ISSUED, true, null, null, null, 1, 1, 1)),
                new Case("a certificate the CA issued for another key is refused as an invalid order", ca -> ca.certifiesAnotherKey = true,
                        false, List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE),
                        new Expected(CertificateStatus.PROCESSING, null, FailureReason.ORDER_INVALID, null, "different key", 1, 1, 1)),
                new Case("an order the CA declares invalid at finalization fails with the CA's detail",
                        ca -> ca.invalidOrderDetail = "badCSR: key too weak", false, List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE),
                        new Expected(CertificateStatus.VALIDATING, null, FailureReason.ORDER_INVALID, null, "badCSR: key too weak", 1, 0, 0)),
                new Case("a CA still processing puts the request in the pending queue", ca -> ca.afterFinalize = OrderState.PROCESSING, false,
                        List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE, CHECK_ORDER),
                        new Expected(CertificateStatus.PROCESSING, false, null, null, null, 1, 1, 0)),
                new Case("a CA that finishes while the request waits has the certificate stored by the check", ca -> {
                    ca.afterFinalize = OrderState.PROCESSING;
                    ca.checksUntilIssued = 1;
                }, false, List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE, CHECK_ORDER),
                        new Expected(CertificateStatus.ISSUED, true, null, null, null, 1, 1, 1)),
                new Case("a failed validation below the order limit earns a fresh order", ca -> { }, false,
                        List.of(PLACE_ORDER, PREPARE_NEW_ORDER, PLACE_ORDER),
                        new Expected(CertificateStatus.VALIDATING, null, null, null, null, 2, 0, 0)),
                new Case("once the order limit is reached a failed validation earns no further order", ca -> { }, false,
                        List.of(PLACE_ORDER, PREPARE_NEW_ORDER, PLACE_ORDER, PREPARE_NEW_ORDER, PLACE_ORDER, PREPARE_NEW_ORDER),
                        new Expected(CertificateStatus.VALIDATING, false, null, null, null, MAX_ORDERS, 0, 0)),
                new Case("a name no answer could be published for earns no fresh order, which would fail the same way", ca -> { }, false,
                        List.of(PLACE_ORDER, NAME_UNANSWERABLE, PREPARE_NEW_ORDER),
                        new Expected(CertificateStatus.VALIDATING, false, null, null, null, 1, 0, 0)),
                new Case("changed terms at the CA leave the certificate awaiting them and place no order",
                        ca -> ca.changedTermsUrl = "https://ca.test/terms/v2", false, List.of(PLACE_ORDER),
                        new Expected(CertificateStatus.AWAITING_TERMS, null, null, TermsNotAcceptedException.class, null, 0, 0, 0)),
                new Case("a request that needs approval waits for it before anything reaches the CA", ca -> { }, true,
                        List.of(CHECK_REQUEST),
                        new Expected(CertificateStatus.AWAITING_APPROVAL, true, null, null, null, 0, 0, 0)),
                new Case("a rejection ends the certificate failed with the approver and the reason", ca -> { }, true,
                        List.of(CHECK_REQUEST, REJECT),
                        new Expected(CertificateStatus.FAILED, null, null, null, "Rejected by alice: not our domain", 0, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void issuanceStep(Case example) {
        FakeCa ca = new FakeCa();
        example.ca().accept(ca);
        Fixture fixture = new Fixture(example.approvalRequired());
        IssuanceService service = fixture.service(ca);

        Object last = null;
        Exception thrown = null;
        for (Step step : example.steps()) {
            try {
                last = step.run(service, fixture);
            } catch (BusinessFailure | TermsNotAcceptedException e) {
                thrown = e;
                break;
            }
        }

        Expected expected = example.expected();
        Certificate certificate = fixture.certificates.findCertificate(fixture.certificateId).orElseThrow();
        assertThat(certificate.status()).as("certificate status").isEqualTo(expected.status());
        if (expected.failure() != null) {
            assertThat(thrown).isInstanceOfSatisfying(BusinessFailure.class,
                    failure -> assertThat(failure.reason()).isEqualTo(expected.failure()));
        } else if (expected.exception() != null) {
            assertThat(thrown).isInstanceOf(expected.exception());
        } else {
            assertThat(thrown).as("no failure").isNull();
            if (expected.lastResult() != null) {
                assertThat(last).as("what the last step tells the process").isEqualTo(expected.lastResult());
            }
        }
        if (expected.detail() != null) {
            String said = thrown != null ? thrown.getMessage() : certificate.failureReason();
            assertThat(said).contains(expected.detail());
        }
        assertThat(ca.ordersPlaced.get()).as("orders placed at the CA").isEqualTo(expected.ordersPlaced());
        assertThat(ca.csrsSent.get()).as("CSRs sent to the CA").isEqualTo(expected.csrsSent());
        assertThat(ca.downloads.get()).as("certificates downloaded").isEqualTo(expected.downloads());
        if (certificate.status() == CertificateStatus.ISSUED) {
            assertThat(fixture.certificates.findPrivateKeyEnc(certificate.id())).as("the stored key").isPresent();
            assertThat(fixture.certificates.findChainPem(certificate.id())).as("the stored chain").isPresent();
        }
    }

    @Test
    void aRenewalsOrderNamesThePredecessorItsIssuerIssued() {
        FakeCa ca = new FakeCa();
        Fixture fixture = new Fixture(false);
        IssuanceService service = fixture.service(ca);
        List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE).forEach(step -> step.run(service, fixture));

        service.placeOrder(fixture.successorRequest());

        X509Certificate predecessor = Pem.readCertificates(fixture.certificates.findChainPem(fixture.certificateId).orElseThrow()).get(0);
        assertThat(ca.predecessorsNamed).as("the first issuance names none, its renewal its predecessor").containsExactly(null, predecessor);
    }

    @Test
    void anOrderNeverNamesAnUploadedPredecessorWhichNoCaOfCertflowsIssued() {
        FakeCa ca = new FakeCa();
        Fixture fixture = new Fixture(false);
        IssuanceService service = fixture.service(ca);
        List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE).forEach(step -> step.run(service, fixture));
        fixture.jdbc.update("update certflow.certificate set source = 'UPLOADED' where id = :id", Map.of("id", fixture.certificateId));

        service.placeOrder(fixture.successorRequest());

        assertThat(ca.predecessorsNamed).containsExactly(null, null);
    }

    @Test
    void anOrderAsksForTheProfileOfTheRequestsTemplateAndARenewalThroughTheTemplateAsksAgain() {
        FakeCa ca = new FakeCa();
        Fixture fixture = new Fixture(false);
        IssuanceService service = fixture.service(ca);
        UUID templateId = UUID.randomUUID();
        new TemplateStore(fixture.jdbc).insert(new IssuingTemplate(templateId, "default", "short", fixture.issuerId, KeyType.EC_P256,
                null, ValidationMethod.HTTP_01, false, "shortlived"), Instant.now());
        fixture.jdbc.update("update certflow.certificate_request set template_id = :template", Map.of("template", templateId));

        List.of(PLACE_ORDER, GENERATE_KEY, FINALIZE).forEach(step -> step.run(service, fixture));
        UUID successorRequest = fixture.successorRequest();
        fixture.jdbc.update("update certflow.certificate_request set template_id = :template where id = :id",
                Map.of("template", templateId, "id", successorRequest));
        service.placeOrder(successorRequest);

        assertThat(ca.profilesAsked).containsExactly("shortlived", "shortlived");
    }

    @Test
    void anOrderWithoutATemplateAsksForNoProfile() {
        FakeCa ca = new FakeCa();
        Fixture fixture = new Fixture(false);

        PLACE_ORDER.run(fixture.service(ca), fixture);

        assertThat(ca.profilesAsked).containsExactly((String) null);
    }

    @Test
    void theOrderOfAYoungRequestIsPolledEveryFiveMinutesHourlyInItsSecondDayAndDailyAfterAndTheNextPollIsNoted() {
        Fixture fixture = new Fixture(false);
        IssuanceService service = fixture.service(new FakeCa());

        assertThat(pollAfterAge(service, fixture, Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(5));
        assertThat(pollAfterAge(service, fixture, Duration.ofHours(30))).isEqualTo(Duration.ofHours(1));
        assertThat(pollAfterAge(service, fixture, Duration.ofDays(3))).isEqualTo(Duration.ofDays(1));
    }

    /** The interval of a request made {@code age} ago, checking that the request notes when it is polled next. */
    private static Duration pollAfterAge(IssuanceService service, Fixture fixture, Duration age) {
        fixture.jdbc.update("update certflow.certificate_request set created_at = :at where id = :id",
                Map.of("at", java.sql.Timestamp.from(Instant.now().minus(age)), "id", fixture.requestId));
        Instant before = Instant.now();
        Duration interval = service.pendingPollInterval(fixture.requestId);
        Instant noted = fixture.jdbc.queryForObject("select next_poll_at from certflow.certificate_request where id = :id",
                Map.of("id", fixture.requestId), java.sql.Timestamp.class).toInstant();
        assertThat(noted).isBetween(before.plus(interval).minusMillis(1), Instant.now().plus(interval));
        return interval;
    }

    /** One ACME issuer, one certificate for two names and its request, on a fresh database. */
    static final class Fixture {
        final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
        final CertificateStore certificates = new CertificateStore(jdbc);
        final CertificateRequestStore requests = new CertificateRequestStore(jdbc);
        final AuthorizationStore authorizations = new AuthorizationStore(jdbc);
        final IssuerStore issuers = new IssuerStore(jdbc);
        final UUID certificateId = UUID.randomUUID();
        final UUID requestId = UUID.randomUUID();
        final UUID issuerId = UUID.randomUUID();

        Fixture(boolean approvalRequired) {
            Instant now = Instant.now();
            issuers.insert(new Issuer(issuerId, "default", "fake-ca", IssuerType.ACME, "https://ca.test/dir", null, null, now,
                    "admin", null, null, null, null, null, null, null, now, null, false, null));
            certificates.insert(new Certificate(certificateId, "default", issuerId, List.of("www.example.test", "example.test"),
                    KeyType.EC_P256, CertificateStatus.REQUESTED, null, CertificateSource.ISSUED, true, null, null, null, null,
                    null, now, now, false, null));
            requests.insert(new CertificateRequest(requestId, "default", certificateId, issuerId, null, KeyType.EC_P256,
                    ValidationMethod.HTTP_01, approvalRequired, null, null, null, null, "bob", now));
        }

        /** A successor of the certificate, as a renewal makes it, from the same issuer; returns its request. */
        UUID successorRequest() {
            Instant now = Instant.now();
            UUID successorId = UUID.randomUUID();
            UUID successorRequestId = UUID.randomUUID();
            certificates.insert(new Certificate(successorId, "default", issuerId, List.of("www.example.test", "example.test"),
                    KeyType.EC_P256, CertificateStatus.REQUESTED, null, CertificateSource.ISSUED, true, null, null, null, null,
                    certificateId, now, now, false, null));
            requests.insert(new CertificateRequest(successorRequestId, "default", successorId, issuerId, null, KeyType.EC_P256,
                    ValidationMethod.HTTP_01, false, null, null, null, null, "renewal", now));
            return successorRequestId;
        }

        IssuanceService service(FakeCa ca) {
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            return new IssuanceService(certificates, requests, issuers, new TemplateStore(jdbc), new IssuerGateways(new ArrayList<>(List.of(ca))),
                    authorizations, new KeyProtection(kek), Clock.systemUTC(), InMemoryDatabase.properties(Map.of(
                            "certflow.acme.processing-wait", "PT0S",
                            "certflow.acme.max-orders-per-request", String.valueOf(MAX_ORDERS))), event -> { });
        }
    }
}
