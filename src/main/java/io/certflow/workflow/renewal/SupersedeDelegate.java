package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_Supersede: the successor takes its predecessor's place; the predecessor is SUPERSEDED. */
@Component("supersedeDelegate")
public class SupersedeDelegate extends CertflowDelegate {

    private final RenewalSteps steps;

    public SupersedeDelegate(RenewalSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.supersede(renewalId(execution));
    }
}
