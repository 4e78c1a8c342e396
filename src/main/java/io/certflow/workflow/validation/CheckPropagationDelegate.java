package io.certflow.workflow.validation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_CheckPropagation: one look at the zone's name servers; the process waits on a timer between looks. */
@Component("checkPropagationDelegate")
public class CheckPropagationDelegate extends CertflowDelegate {

    private final ValidationService validation;

    public CheckPropagationDelegate(ValidationService validation) {
        this.validation = validation;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.ANSWER_VISIBLE, validation.propagated(authorizationId(execution)));
    }
}
