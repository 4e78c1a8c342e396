package io.certflow.workflow.autossl;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.certflow.autossl.run.AutoSslChecks;
import io.certflow.workflow.CamundaIssuanceWorkflow;

/**
 * What CallActivity_IssueCertificates of AutoSslAccountCheckProcess reads through expressions: the
 * requests a check ordered (from the database, not a list variable) and, for each, what
 * CertificateIssuanceProcess starts with.
 */
@Component("autosslOrders")
public class AutoSslOrderExpressions {

    private final AutoSslChecks checks;

    public AutoSslOrderExpressions(AutoSslChecks checks) {
        this.checks = checks;
    }

    public List<String> requestIds(String checkId) {
        return checks.orderRequestIds(UUID.fromString(checkId)).stream().map(UUID::toString).toList();
    }

    public String certificateIdOf(String requestId) {
        return checks.order(UUID.fromString(requestId)).certificateId().toString();
    }

    public String issuerIdOf(String requestId) {
        return checks.issuerOf(UUID.fromString(requestId)).toString();
    }

    /** The names as one line for people, as CertificateIssuanceProcess shows them in Tasklist. */
    public String domainsOf(String requestId) {
        UUID certificateId = checks.order(UUID.fromString(requestId)).certificateId();
        return CamundaIssuanceWorkflow.shownDomains(certificateId, checks.domainsOf(UUID.fromString(requestId)));
    }
}
