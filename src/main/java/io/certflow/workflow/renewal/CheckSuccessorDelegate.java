package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_CheckSuccessor: whether the issuance ended with the successor issued. */
@Component("checkSuccessorDelegate")
public class CheckSuccessorDelegate extends CertflowDelegate {

    private final RenewalSteps steps;

    public CheckSuccessorDelegate(RenewalSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.SUCCESSOR_ISSUED, steps.successorIssued(renewalId(execution)));
    }
}
