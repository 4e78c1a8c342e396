package io.certflow.renewal;

/**
 * Whether Certflow will renew an issued certificate, as SQL over {@code certflow.certificate c}: an
 * AutoSSL certificate when AutoSSL checks its account (the account's override, else the tenant's
 * default) and a provider is chosen; any other when it is auto-managed, issued by Certflow and its
 * tenant's renewal policy is on (the renewal run's candidates, {@link RenewalCandidates}). The expiry
 * warnings and the console's expiry timeline both ask this, so they never disagree.
 */
public final class RenewedByCertflow {

    /** The joins {@link #EXPRESSION} reads, to append after {@code from certflow.certificate c}. */
    public static final String JOINS = " left join certflow.renewal_policy p on p.tenant_id = c.tenant_id"
            + " left join certflow.hosting_account a on a.id = c.autossl_account_id"
            + " left join certflow.autossl_settings s on s.tenant_id = c.tenant_id";

    /** A boolean: true when Certflow renews the certificate before it expires. */
    public static final String EXPRESSION = """
            case when c.autossl_account_id is not null
                 then (a.autossl_override = 'ENABLE' or (a.autossl_override is null and s.default_enabled = true))
                      and s.provider_issuer_id is not null
                 when c.auto_managed = true and c.source = 'ISSUED' and p.enabled = true then true else false end""";

    private RenewedByCertflow() {
    }
}
