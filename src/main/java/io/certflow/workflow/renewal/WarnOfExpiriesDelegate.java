package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.ExpiryWarnings;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_WarnOfExpiries: one page of the certificates that expire without being renewed; a warning or failure for each, once. */
@Component("warnOfExpiriesDelegate")
public class WarnOfExpiriesDelegate extends CertflowDelegate {

    static final int PAGE = 500;

    private final ExpiryWarnings warnings;

    public WarnOfExpiriesDelegate(ExpiryWarnings warnings) {
        this.warnings = warnings;
    }

    @Override
    protected void run(DelegateExecution execution) {
        String next = warnings.warnNextPage((String) execution.getVariable(ProcessVariables.EXPIRY_CURSOR), PAGE);
        execution.setVariable(ProcessVariables.EXPIRY_CURSOR, next);
        decide(execution, ProcessVariables.MORE_EXPIRIES, next != null);
    }
}
