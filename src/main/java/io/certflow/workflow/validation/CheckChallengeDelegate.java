package io.certflow.workflow.validation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_CheckChallenge: reads the challenge outcome; an invalid one ends as validation-failed. */
@Component("checkChallengeDelegate")
public class CheckChallengeDelegate extends CertflowDelegate {

    private final ValidationService validation;

    public CheckChallengeDelegate(ValidationService validation) {
        this.validation = validation;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.CHALLENGE_VALID, validation.check(authorizationId(execution)));
    }
}
