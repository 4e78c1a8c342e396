package io.certflow.workflow.issuance;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuer.IssuerService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_RecordTermsAcceptance: records that the person who completed the terms task accepted them. */
@Component("recordTermsAcceptanceDelegate")
public class RecordTermsAcceptanceDelegate extends CertflowDelegate {

    private final IssuerService issuers;

    public RecordTermsAcceptanceDelegate(IssuerService issuers) {
        this.issuers = issuers;
    }

    @Override
    protected void run(DelegateExecution execution) {
        issuers.recordTermsAcceptedInTask(UUID.fromString((String) execution.getVariable(ProcessVariables.ISSUER_ID)),
                (String) execution.getVariable(ProcessVariables.COMPLETED_BY));
    }
}
