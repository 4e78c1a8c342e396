package io.certflow.issuer.acme;

import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.Optional;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.certflow.error.TermsNotAcceptedException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerGateway;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;

@Component
public class AcmeGateway implements IssuerGateway {

    private static final Logger log = LoggerFactory.getLogger(AcmeGateway.class);
    private static final String ALREADY_REPLACED = "urn:ietf:params:acme:error:alreadyReplaced";

    private final AcmeLogins logins;
    private final IssuerStore issuers;

    public AcmeGateway(AcmeLogins logins, IssuerStore issuers) {
        this.logins = logins;
        this.issuers = issuers;
    }

    @Override
    public IssuerType type() {
        return IssuerType.ACME;
    }

    @Override
    public PlacedOrder placeOrder(Issuer issuer, List<String> domains, X509Certificate predecessor, String existingOrderUrl) {
        return logins.withLogin(issuer, login -> {
            Order order;
            if (existingOrderUrl != null) {
                order = login.bindOrder(new URL(existingOrderUrl));
            } else {
                requireCurrentTerms(issuer, login.getSession().getMetadata().getTermsOfService().map(Object::toString));
                order = newOrder(issuer, login, domains, predecessor);
            }
            List<PendingAuthorization> authorizations = order.getAuthorizations().stream()
                    .map(AcmeGateway::pending)
                    .toList();
            return new PlacedOrder(order.getLocation().toString(), authorizations);
        });
    }

    /**
     * A new order, naming the certificate it replaces (RFC 9773 §5) when the CA offers renewal
     * information: the CA then knows the renewal is the one it asked for. A CA that answers
     * alreadyReplaced (another order replaced that certificate, e.g. one a crash left behind before
     * its URL was stored) gets the same order once more without it.
     */
    private Order newOrder(Issuer issuer, Login login, List<String> domains, X509Certificate predecessor) throws AcmeException {
        Optional<String> replaces = predecessor != null && AcmeRenewalInfo.offered(login)
                ? AcmeRenewalInfo.identifier(predecessor) : Optional.empty();
        if (replaces.isEmpty()) {
            return login.newOrder().domains(domains).create();
        }
        try {
            return login.newOrder().domains(domains).replaces(replaces.get()).create();
        } catch (AcmeServerException e) {
            if (!ALREADY_REPLACED.equals(e.getType().toString())) {
                throw e;
            }
            log.info("{} says certificate {} was already replaced; ordering its renewal without naming it", issuer.name(), replaces.get());
            return login.newOrder().domains(domains).create();
        }
    }

    /** New orders stop when the CA's terms URL is not the one agreed to. */
    private void requireCurrentTerms(Issuer issuer, Optional<String> currentTerms) {
        String terms = currentTerms.orElse(null);
        if (!Objects.equals(terms, issuer.termsRequiredUrl())) {
            issuers.recordTermsRequired(issuer.id(), terms);
        }
        if (issuer.termsAgreedAt() == null || !Objects.equals(terms, issuer.termsAgreedUrl())) {
            throw new TermsNotAcceptedException(issuer.name(), terms);
        }
    }

    private static PendingAuthorization pending(Authorization authorization) {
        String domain = authorization.getIdentifier().getDomain();
        return new PendingAuthorization(authorization.getLocation().toString(),
                authorization.isWildcard() ? "*." + domain : domain,
                authorization.getStatus() == Status.VALID);
    }

    @Override
    public OrderStatus finalizeOrder(Issuer issuer, String orderUrl, byte[] csr) {
        return logins.withLogin(issuer, login -> {
            Order order = login.bindOrder(new URL(orderUrl));
            // A job that runs again after a crash finds the order already finalized: do not send it twice.
            if (order.getStatus() == Status.READY) {
                order.execute(csr);
            }
            return status(order);
        });
    }

    @Override
    public OrderStatus checkOrder(Issuer issuer, String orderUrl) {
        return logins.withLogin(issuer, login -> status(login.bindOrder(new URL(orderUrl))));
    }

    @Override
    public List<X509Certificate> downloadChain(Issuer issuer, String orderUrl, Supplier<byte[]> csr, Integer validityDays) {
        return logins.withLogin(issuer, login -> login.bindOrder(new URL(orderUrl)).getCertificate().getCertificateChain());
    }

    private static OrderStatus status(Order order) {
        Status status = order.getStatus();
        return switch (status) {
            case PENDING -> OrderStatus.of(OrderState.PENDING);
            case READY -> OrderStatus.of(OrderState.READY);
            case PROCESSING -> OrderStatus.of(OrderState.PROCESSING);
            case VALID -> OrderStatus.of(OrderState.VALID);
            default -> new OrderStatus(OrderState.INVALID,
                    order.getError().map(AcmeErrors::describe).orElse("the order is " + status.name().toLowerCase()));
        };
    }
}
