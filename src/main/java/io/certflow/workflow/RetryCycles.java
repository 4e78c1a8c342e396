package io.certflow.workflow;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Retry cycles per outside system, referenced by camunda:failedJobRetryTimeCycle in bpmn/. */
@Component("retryCycles")
public class RetryCycles {

    private final String ca;
    private final String dns;
    private final String deployment;
    private final String smtp;

    public RetryCycles(@Value("${certflow.retry.ca:R5/PT1M}") String ca, @Value("${certflow.retry.dns:R5/PT1M}") String dns,
                       @Value("${certflow.retry.deployment:R5/PT1M}") String deployment,
                       @Value("${certflow.retry.smtp:R10/PT5M}") String smtp) {
        this.ca = ca;
        this.dns = dns;
        this.deployment = deployment;
        this.smtp = smtp;
    }

    /** Tasks that talk to the SMTP server: long enough (by default 10 times 5 minutes) to ride out a mail server's restart. */
    public String getSmtp() {
        return smtp;
    }

    /** Tasks that touch a deployment target: its files, its reload command, its TLS endpoint. */
    public String getDeployment() {
        return deployment;
    }

    /** Tasks that only talk to DNS servers (propagation check, CAA preflight). */
    public String getDns() {
        return dns;
    }

    /** Tasks that talk to a CA. */
    public String getCa() {
        return ca;
    }
}
