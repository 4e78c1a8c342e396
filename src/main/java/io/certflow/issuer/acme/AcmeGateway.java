package io.certflow.issuer.acme;

import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.Optional;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.springframework.stereotype.Component;

import io.certflow.error.TermsNotAcceptedException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerGateway;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;

@Component
public class AcmeGateway implements IssuerGateway {

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
    public PlacedOrder placeOrder(Issuer issuer, List<String> domains, String existingOrderUrl) {
        return logins.withLogin(issuer, login -> {
            Order order;
            if (existingOrderUrl != null) {
                order = login.bindOrder(new URL(existingOrderUrl));
            } else {
                requireCurrentTerms(issuer, login.getSession().getMetadata().getTermsOfService().map(Object::toString));
                order = login.newOrder().domains(domains).create();
            }
            List<PendingAuthorization> authorizations = order.getAuthorizations().stream()
                    .map(AcmeGateway::pending)
                    .toList();
            return new PlacedOrder(order.getLocation().toString(), authorizations);
        });
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
