package io.certflow.workflow;

/** Process definition keys, as in bpmn/. */
public final class ProcessKeys {

    public static final String CERTIFICATE_ISSUANCE = "CertificateIssuanceProcess";
    public static final String DOMAIN_VALIDATION = "DomainValidationProcess";
    public static final String REPOSITORY_RESET = "RepositoryResetProcess";
    public static final String REPOSITORY_DELETE = "RepositoryDeleteProcess";
    public static final String CERTIFICATE_DEPLOYMENT = "CertificateDeploymentProcess";
    public static final String AUTO_RENEWAL_RUN = "AutoRenewalRunProcess";
    public static final String CERTIFICATE_RENEWAL = "CertificateRenewalProcess";
    public static final String NOTIFICATION_DELIVERY = "NotificationDeliveryProcess";
    public static final String AUTOSSL_RUN = "AutoSslRunProcess";
    public static final String AUTOSSL_ACCOUNT_CHECK = "AutoSslAccountCheckProcess";

    private ProcessKeys() {
    }
}
