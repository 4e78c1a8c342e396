package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.certificate.IssuanceService;
import io.certflow.workflow.CertflowDelegate;

/** Task_FinalizeOrder: sends the CSR unless the order is already finalized. */
@Component("finalizeOrderDelegate")
public class FinalizeOrderDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public FinalizeOrderDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        issuance.finalizeOrder(requestId(execution));
    }
}
