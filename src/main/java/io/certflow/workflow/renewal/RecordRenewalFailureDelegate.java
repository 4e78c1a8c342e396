package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_RecordRenewalFailure: shows in Cockpit's history why the renewal failed (the predecessor stays as it was). */
@Component("recordRenewalFailureDelegate")
public class RecordRenewalFailureDelegate extends CertflowDelegate {

    private final RenewalSteps steps;

    public RecordRenewalFailureDelegate(RenewalSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        execution.setVariable(ProcessVariables.FAILURE_REASON, steps.failureOf(renewalId(execution)));
    }
}
