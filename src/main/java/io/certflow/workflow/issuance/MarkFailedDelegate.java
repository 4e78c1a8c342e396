package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_MarkFailed: ends the certificate as FAILED with the reason the error event caught. */
@Component("markFailedDelegate")
public class MarkFailedDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public MarkFailedDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        issuance.markFailed(requestId(execution), (String) execution.getVariable(ProcessVariables.FAILURE_REASON));
    }
}
