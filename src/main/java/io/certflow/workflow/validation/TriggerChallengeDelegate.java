package io.certflow.workflow.validation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/**
 * Task_TriggerChallenge: asks the CA to validate now and hands Gateway_ChallengeValid what the CA
 * decided so far; an invalid challenge ends as validation-failed.
 */
@Component("triggerChallengeDelegate")
public class TriggerChallengeDelegate extends CertflowDelegate {

    private final ValidationService validation;

    public TriggerChallengeDelegate(ValidationService validation) {
        this.validation = validation;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.CHALLENGE_VALID, validation.trigger(authorizationId(execution)));
    }
}
