package io.certflow.workflow.repository;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.repository.ApplicationRepositoryNotResetException;
import io.certflow.repository.ApplicationRepositoryService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ErrorCodes;

/** Task_DeleteRepository: deletes a reset repository; one that is not reset ends the process as refused. */
@Component("deleteRepositoryDelegate")
public class DeleteRepositoryDelegate extends CertflowDelegate {

    private final ApplicationRepositoryService repositories;

    public DeleteRepositoryDelegate(ApplicationRepositoryService repositories) {
        this.repositories = repositories;
    }

    @Override
    protected void run(DelegateExecution execution) {
        try {
            repositories.delete(repositoryId(execution));
        } catch (ApplicationRepositoryNotResetException notReset) {
            throw new BpmnError(ErrorCodes.REPOSITORY_NOT_RESET, notReset.getMessage());
        }
    }
}
