package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;

/** Task_GenerateKey: creates the certificate key once, before the CSR is sent. */
@Component("generateKeyDelegate")
public class GenerateKeyDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public GenerateKeyDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        issuance.generateKey(requestId(execution));
    }
}
