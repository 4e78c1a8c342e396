package io.certflow.workflow.engine;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Certflow's changes to the engine: tenant ids on instances, retries that honour Retry-After, and
 * the "certflow" history level (with no activity history for elements a token only passes through).
 */
@Component
public class CertflowEnginePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setTenantIdProvider(new VariableTenantIdProvider());
        configuration.setFailedJobCommandFactory(new RetryAfterFailedJobCommandFactory());
        configuration.setCustomHistoryLevels(with(configuration.getCustomHistoryLevels(), new CertflowHistoryLevel()));
        configuration.setCustomPostBPMNParseListeners(with(configuration.getCustomPostBPMNParseListeners(), new PassThroughHistoryTrimmer()));
    }

    private static <T> List<T> with(List<T> configured, T added) {
        List<T> list = configured == null ? new ArrayList<>() : new ArrayList<>(configured);
        list.add(added);
        return list;
    }
}
