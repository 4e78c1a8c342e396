package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_CheckRequest: re-checks the stored request and tells whether approval is needed. */
@Component("checkRequestDelegate")
public class CheckRequestDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public CheckRequestDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.APPROVAL_REQUIRED, issuance.checkRequest(requestId(execution)));
    }
}
