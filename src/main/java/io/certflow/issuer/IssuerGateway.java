package io.certflow.issuer;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * One kind of issuer, as the issuance process sees it. Every method is safe to call twice with the
 * same arguments: a job can run again after a crash.
 */
public interface IssuerGateway {

    IssuerType type();

    /**
     * Places a new order, or (when {@code existingOrderUrl} is set) reads back the one placed before.
     *
     * @param predecessor the leaf this order renews, issued by the same issuer, or null; an ACME CA
     *                    that offers renewal information is told that the new certificate replaces it
     */
    PlacedOrder placeOrder(Issuer issuer, List<String> domains, X509Certificate predecessor, String existingOrderUrl);

    /** Sends the CSR unless the order is already past that point. */
    OrderStatus finalizeOrder(Issuer issuer, String orderUrl, byte[] csr);

    OrderStatus checkOrder(Issuer issuer, String orderUrl);

    /** The certificate chain, leaf first; {@code csr} is built only for an issuer that signs at this point. */
    List<X509Certificate> downloadChain(Issuer issuer, String orderUrl, Supplier<byte[]> csr, Integer validityDays);

    record PlacedOrder(String orderUrl, List<PendingAuthorization> authorizations) {
    }

    record PendingAuthorization(String url, String domain, boolean alreadyValid) {
    }

    /**
     * @param state  the order's state as the CA reports it
     * @param detail the CA's problem detail when the order is invalid
     */
    record OrderStatus(OrderState state, String detail) {
        public static OrderStatus of(OrderState state) {
            return new OrderStatus(state, null);
        }
    }

    /** ACME order states (RFC 8555 7.1.6), used for the private CA too. */
    enum OrderState {
        /** Transient: authorizations are not all valid yet. */
        PENDING,
        /** Transient: all authorizations valid, waiting for the CSR. */
        READY,
        /** Transient: the CA is issuing; poll again later (the pending queue). */
        PROCESSING,
        /** Final: the certificate can be downloaded. */
        VALID,
        /** Final: the order failed; see the detail. */
        INVALID
    }
}
