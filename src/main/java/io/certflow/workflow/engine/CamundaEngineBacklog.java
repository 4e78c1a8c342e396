package io.certflow.workflow.engine;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import io.certflow.metrics.EngineBacklog;

/** The engine's incidents and due jobs, counted in its own tables (two count queries). */
@Component
public class CamundaEngineBacklog implements EngineBacklog {

    private final RuntimeService runtimeService;
    private final ManagementService managementService;

    public CamundaEngineBacklog(RuntimeService runtimeService, ManagementService managementService) {
        this.runtimeService = runtimeService;
        this.managementService = managementService;
    }

    @Override
    public long openIncidents() {
        return runtimeService.createIncidentQuery().count();
    }

    @Override
    public long jobsDue() {
        return managementService.createJobQuery().executable().active().count();
    }
}
