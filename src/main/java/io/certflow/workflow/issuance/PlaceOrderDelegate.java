package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;

/** Task_PlaceOrder: places the order at the CA (or finds the one placed before). */
@Component("placeOrderDelegate")
public class PlaceOrderDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public PlaceOrderDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        issuance.placeOrder(requestId(execution));
    }
}
