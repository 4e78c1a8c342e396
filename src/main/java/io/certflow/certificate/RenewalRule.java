package io.certflow.certificate;

/**
 * Whether Certflow will renew a certificate, as SQL the inventory can filter by. The rule is renewal's
 * ({@code renewal/RenewedByCertflow}), which reads renewal's and AutoSSL's tables; this port lets the
 * inventory use it without depending on renewal, which depends on the inventory.
 */
public interface RenewalRule {

    /** Joins to append after {@code from certflow.certificate c}; each matches at most one row. */
    String joins();

    /** A boolean over {@code c} and the joins: true when Certflow renews the certificate (null counts as false). */
    String renewedExpression();
}
