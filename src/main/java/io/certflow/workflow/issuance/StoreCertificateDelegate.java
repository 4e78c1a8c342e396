package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.certificate.IssuanceService;
import io.certflow.workflow.CertflowDelegate;

/** Task_StoreCertificate: downloads the chain and stores it with the encrypted key. */
@Component("storeCertificateDelegate")
public class StoreCertificateDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public StoreCertificateDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        issuance.storeCertificate(requestId(execution));
    }
}
