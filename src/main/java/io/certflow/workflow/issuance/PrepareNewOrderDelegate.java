package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_PrepareNewOrder: after a failed validation, decides whether a fresh order is worth a try. */
@Component("prepareNewOrderDelegate")
public class PrepareNewOrderDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public PrepareNewOrderDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.ORDER_AGAIN, issuance.prepareNewOrder(requestId(execution)));
    }
}
