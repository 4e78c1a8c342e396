package io.certflow.workflow.validation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;
import io.certflow.workflow.CertflowDelegate;

/** Task_TriggerChallenge: asks the CA to validate now. */
@Component("triggerChallengeDelegate")
public class TriggerChallengeDelegate extends CertflowDelegate {

    private final ValidationService validation;

    public TriggerChallengeDelegate(ValidationService validation) {
        this.validation = validation;
    }

    @Override
    protected void run(DelegateExecution execution) {
        validation.trigger(authorizationId(execution));
    }
}
