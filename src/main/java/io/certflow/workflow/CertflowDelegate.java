package io.certflow.workflow;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import io.certflow.error.BusinessFailure;
import io.certflow.error.TermsNotAcceptedException;

/**
 * Base of every service task delegate: turns business outcomes into BPMN errors and lets every
 * other exception escape, so the engine retries the job and raises an incident when retries run out.
 */
public abstract class CertflowDelegate implements JavaDelegate {

    @Override
    public final void execute(DelegateExecution execution) {
        try {
            run(execution);
        } catch (BusinessFailure failure) {
            throw new BpmnError(ErrorCodes.of(failure.reason()), failure.detail());
        } catch (TermsNotAcceptedException terms) {
            execution.setVariable(ProcessVariables.TERMS_URL, terms.termsUrl());
            throw new BpmnError(ErrorCodes.TERMS_NOT_ACCEPTED, terms.getMessage());
        }
    }

    protected abstract void run(DelegateExecution execution);

    /**
     * Hands a gateway its decision as a transient variable: the gateway reads it in the same transaction,
     * so writing it to the database (and deleting it at the end) would be work for nothing. An instance
     * started before decisions were transient may still hold a stored one, which must go first.
     */
    protected static void decide(DelegateExecution execution, String name, boolean decision) {
        if (execution.hasVariable(name)) {
            execution.removeVariable(name);
        }
        execution.setVariable(name, org.camunda.bpm.engine.variable.Variables.booleanValue(decision, true));
    }

    /** Hands a gateway a decision of more than two ways, transient like {@link #decide}. */
    protected static void decide(DelegateExecution execution, String name, String decision) {
        if (execution.hasVariable(name)) {
            execution.removeVariable(name);
        }
        execution.setVariable(name, org.camunda.bpm.engine.variable.Variables.stringValue(decision, true));
    }

    protected static UUID deploymentId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(ProcessVariables.DEPLOYMENT_ID));
    }

    protected static UUID renewalId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(ProcessVariables.RENEWAL_ID));
    }

    protected static UUID requestId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(ProcessVariables.CERTIFICATE_REQUEST_ID));
    }

    protected static UUID repositoryId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(ProcessVariables.REPOSITORY_ID));
    }

    protected static UUID authorizationId(DelegateExecution execution) {
        return UUID.fromString((String) execution.getVariable(ProcessVariables.AUTHORIZATION_ID));
    }
}
