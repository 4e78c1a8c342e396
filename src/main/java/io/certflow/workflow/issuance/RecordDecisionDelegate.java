package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_RecordDecision: keeps who approved or rejected the request, and why. */
@Component("recordDecisionDelegate")
public class RecordDecisionDelegate extends CertflowDelegate {

    private final IssuanceService issuance;

    public RecordDecisionDelegate(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @Override
    protected void run(DelegateExecution execution) {
        issuance.recordDecision(requestId(execution), Boolean.TRUE.equals(execution.getVariable(ProcessVariables.APPROVED)),
                (String) execution.getVariable(ProcessVariables.COMPLETED_BY), (String) execution.getVariable(ProcessVariables.REJECTION_REASON));
    }
}
