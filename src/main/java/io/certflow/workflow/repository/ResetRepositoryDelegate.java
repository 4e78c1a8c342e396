package io.certflow.workflow.repository;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.repository.ApplicationRepositoryService;
import io.certflow.workflow.CertflowDelegate;

/** Task_ResetRepository: clears the data source, the CA binding and the certificate list. */
@Component("resetRepositoryDelegate")
public class ResetRepositoryDelegate extends CertflowDelegate {

    private final ApplicationRepositoryService repositories;

    public ResetRepositoryDelegate(ApplicationRepositoryService repositories) {
        this.repositories = repositories;
    }

    @Override
    protected void run(DelegateExecution execution) {
        repositories.reset(repositoryId(execution));
    }
}
