package io.certflow.workflow.engine;

import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.IncidentQuery;
import org.springframework.stereotype.Component;

import io.certflow.overview.EngineIncidents;

/** Open incidents counted in the engine's own table; each carries the tenant of its process instance. */
@Component
public class CamundaEngineIncidents implements EngineIncidents {

    private final RuntimeService runtimeService;

    public CamundaEngineIncidents(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    @Override
    public long open(List<String> tenantIds) {
        IncidentQuery query = runtimeService.createIncidentQuery();
        if (tenantIds != null) {
            query.tenantIdIn(tenantIds.toArray(String[]::new));
        }
        return query.count();
    }
}
