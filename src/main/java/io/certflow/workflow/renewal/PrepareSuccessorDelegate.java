package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalSteps.Successor;
import io.certflow.renewal.RenewalSteps;
import io.certflow.workflow.CamundaIssuanceWorkflow;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_PrepareSuccessor: the successor's rows for the issuance, or an issued successor of an earlier renewal. */
@Component("prepareSuccessorDelegate")
public class PrepareSuccessorDelegate extends CertflowDelegate {

    private final RenewalSteps steps;

    public PrepareSuccessorDelegate(RenewalSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        Successor successor = steps.prepareSuccessor(renewalId(execution));
        execution.setVariable(ProcessVariables.SUCCESSOR_ID, successor.certificateId().toString());
        decide(execution, ProcessVariables.SUCCESSOR_ISSUED_ALREADY, successor.issuedAlready());
        if (!successor.issuedAlready()) {
            execution.setVariable(ProcessVariables.SUCCESSOR_REQUEST_ID, successor.toIssue().requestId().toString());
            execution.setVariable(ProcessVariables.ISSUER_ID, successor.toIssue().issuerId().toString());
            execution.setVariable(ProcessVariables.DOMAINS,
                    CamundaIssuanceWorkflow.shownDomains(successor.certificateId(), successor.toIssue().domains()));
        }
    }
}
