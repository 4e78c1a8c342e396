package io.certflow.workflow.repository;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.repository.RepositoryService;
import io.certflow.workflow.CertflowDelegate;

/** Task_ResetRepository: clears the data source, the CA binding and the certificate list. */
@Component("resetRepositoryDelegate")
public class ResetRepositoryDelegate extends CertflowDelegate {

    private final RepositoryService repositories;

    public ResetRepositoryDelegate(RepositoryService repositories) {
        this.repositories = repositories;
    }

    @Override
    protected void run(DelegateExecution execution) {
        repositories.reset(repositoryId(execution));
    }
}
