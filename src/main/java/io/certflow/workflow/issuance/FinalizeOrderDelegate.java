package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_FinalizeOrder: sends the CSR unless the order is already finalized, and stores the certificate when the CA issued it at once. */
@Component("finalizeOrderDelegate")
public class FinalizeOrderDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public FinalizeOrderDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.CERTIFICATE_STORED, issuance.finalizeOrder(requestId(execution)));
    }
}
