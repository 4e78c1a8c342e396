package io.certflow.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import io.certflow.crypto.KeyType;
import io.certflow.crypto.Keys;
import io.certflow.error.TermsNotAcceptedException;
import io.certflow.issuer.ChallengeGateway;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerGateway;
import io.certflow.issuer.IssuerType;

/**
 * An ACME CA in memory that keeps the gateways' promises (an order placed before is read back; a
 * CSR is sent only to a ready order; a challenge is triggered only while pending) and counts what
 * it was asked, so a test can say "exactly once" from the CA's side. What it answers can be scripted.
 */
public final class FakeCa implements IssuerGateway, ChallengeGateway {

    private final KeyPair caKey = KeyType.EC_P256.generate();
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, ChallengeState> challenges = new HashMap<>();
    /** Challenges the CA was asked to validate (ACME's "processing": a second trigger changes nothing). */
    private final java.util.Set<String> triggered = new java.util.HashSet<>();

    public final AtomicInteger ordersPlaced = new AtomicInteger();
    public final AtomicInteger csrsSent = new AtomicInteger();
    public final AtomicInteger downloads = new AtomicInteger();
    public final AtomicInteger triggers = new AtomicInteger();

    /** The state an order reaches when its CSR arrives: VALID (issues at once) or PROCESSING. */
    public OrderState afterFinalize = OrderState.VALID;
    /** How many checks of a processing order pass before it is VALID; negative: never. */
    public int checksUntilIssued = -1;
    public String invalidOrderDetail;
    public boolean certifiesAnotherKey;
    public String changedTermsUrl;
    /** What a triggered challenge turns into. */
    public ChallengeState afterTrigger = ChallengeState.VALID;
    public String invalidChallengeDetail = "Connection refused";
    public boolean authorizationsAlreadyValid;
    /** The predecessor each new order was told it replaces (null: none), in order. */
    public final List<X509Certificate> predecessorsNamed = new java.util.ArrayList<>();

    private static final class Order {
        final List<String> domains;
        OrderState state = OrderState.READY;
        byte[] csr;
        int checks;

        Order(List<String> domains) {
            this.domains = domains;
        }
    }

    @Override
    public IssuerType type() {
        return IssuerType.ACME;
    }

    @Override
    public synchronized PlacedOrder placeOrder(Issuer issuer, List<String> domains, X509Certificate predecessor, String existingOrderUrl) {
        refuseWhenTermsChanged(issuer);
        String url = existingOrderUrl;
        if (url == null || !orders.containsKey(url)) {
            url = "https://ca.test/order/" + ordersPlaced.incrementAndGet();
            orders.put(url, new Order(domains));
            predecessorsNamed.add(predecessor);
        }
        String orderUrl = url;
        List<PendingAuthorization> authorizations = domains.stream()
                .map(domain -> new PendingAuthorization(orderUrl + "/authz/" + domain, domain, authorizationsAlreadyValid))
                .toList();
        return new PlacedOrder(orderUrl, authorizations);
    }

    @Override
    public synchronized OrderStatus finalizeOrder(Issuer issuer, String orderUrl, byte[] csr) {
        refuseWhenTermsChanged(issuer);
        Order order = orders.get(orderUrl);
        if (invalidOrderDetail != null) {
            order.state = OrderState.INVALID;
            return new OrderStatus(OrderState.INVALID, invalidOrderDetail);
        }
        if (order.state == OrderState.READY) {
            csrsSent.incrementAndGet();
            order.csr = csr;
            order.state = afterFinalize;
        }
        return OrderStatus.of(order.state);
    }

    @Override
    public synchronized OrderStatus checkOrder(Issuer issuer, String orderUrl) {
        Order order = orders.get(orderUrl);
        if (order.state == OrderState.PROCESSING && checksUntilIssued >= 0 && ++order.checks > checksUntilIssued) {
            order.state = OrderState.VALID;
        }
        return OrderStatus.of(order.state);
    }

    @Override
    public synchronized List<X509Certificate> downloadChain(Issuer issuer, String orderUrl, Supplier<byte[]> csr, Integer validityDays) {
        Order order = orders.get(orderUrl);
        if (order.state != OrderState.VALID) {
            throw new IllegalStateException("The CA has no certificate for an order that is " + order.state);
        }
        downloads.incrementAndGet();
        PublicKey certified = certifiesAnotherKey ? KeyType.EC_P256.generate().getPublic() : keyOf(order.csr);
        return List.of(leaf(order.domains.get(0), certified));
    }

    @Override
    public synchronized ChallengeData challenge(Issuer issuer, String authorizationUrl, String type) {
        if (authorizationsAlreadyValid) {
            return new ChallengeData(true, null, null, null);
        }
        String url = authorizationUrl + "/" + type;
        challenges.putIfAbsent(url, ChallengeState.PENDING);
        return new ChallengeData(false, url, "token-" + url.hashCode(), "key-authorization-" + url.hashCode());
    }

    @Override
    public synchronized void trigger(Issuer issuer, String challengeUrl) {
        if (challenges.get(challengeUrl) == ChallengeState.PENDING && triggered.add(challengeUrl)) {
            triggers.incrementAndGet();
            challenges.put(challengeUrl, afterTrigger);
        }
    }

    @Override
    public synchronized ChallengeOutcome check(Issuer issuer, String challengeUrl) {
        ChallengeState state = challenges.get(challengeUrl);
        return new ChallengeOutcome(state, state == ChallengeState.INVALID ? invalidChallengeDetail : null);
    }

    /** Lets every challenge still being validated reach a decision, as a CA does between two polls. */
    public synchronized void decideEveryChallenge(ChallengeState decision) {
        triggered.forEach(url -> challenges.put(url, decision));
    }

    private void refuseWhenTermsChanged(Issuer issuer) {
        if (changedTermsUrl != null) {
            throw new TermsNotAcceptedException(issuer.name(), changedTermsUrl);
        }
    }

    private static PublicKey keyOf(byte[] csr) {
        try {
            return Keys.decodePublicKey(new PKCS10CertificationRequest(csr).getSubjectPublicKeyInfo().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a CSR", e);
        }
    }

    private X509Certificate leaf(String name, PublicKey key) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Fake CA"),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now), Date.from(now.plus(Duration.ofDays(90))),
                    new X500Name("CN=" + name), key);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
