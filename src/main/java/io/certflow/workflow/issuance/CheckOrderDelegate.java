package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_CheckOrder: asks the CA whether the certificate is ready, and stores it when it is. */
@Component("checkOrderDelegate")
public class CheckOrderDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public CheckOrderDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.CERTIFICATE_STORED, issuance.checkOrder(requestId(execution)));
    }
}
