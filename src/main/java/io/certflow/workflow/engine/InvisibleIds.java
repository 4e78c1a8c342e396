package io.certflow.workflow.engine;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriInfo;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.util.EngineUtil;

/**
 * Whether the object a failed engine REST call names by id is one the caller cannot see: missing,
 * of a tenant they are not a member of, or not authorized to them. The engine's answers to such
 * calls differ by verb and by cause; asking the engine, as the caller, whether the id is visible
 * makes every one of them the same 404, whatever the failure said. The query runs under the
 * caller's authentication (still set while the call is being answered), so the engine applies its
 * tenant check and authorizations to it.
 */
final class InvisibleIds {

    /** Resource paths of the engine REST API whose objects belong to a tenant, and how to look one up. */
    private static final Map<String, BiFunction<ProcessEngine, String, Long>> LOOKUPS = Map.of(
            "process-instance", (engine, id) -> engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count(),
            "execution", (engine, id) -> engine.getRuntimeService().createExecutionQuery().executionId(id).count(),
            "task", (engine, id) -> engine.getTaskService().createTaskQuery().taskId(id).count(),
            "job", (engine, id) -> engine.getManagementService().createJobQuery().jobId(id).count(),
            "incident", (engine, id) -> engine.getRuntimeService().createIncidentQuery().incidentId(id).count(),
            "external-task", (engine, id) -> engine.getExternalTaskService().createExternalTaskQuery().externalTaskId(id).count(),
            "variable-instance", (engine, id) -> engine.getRuntimeService().createVariableInstanceQuery().variableId(id).count(),
            "history/process-instance", (engine, id) -> engine.getHistoryService().createHistoricProcessInstanceQuery()
                    .processInstanceId(id).count());

    private InvisibleIds() {
    }

    /** True when the call names an object of a tenant-owned resource by id and the caller cannot see it. */
    static boolean namedIn(UriInfo uri) {
        List<String> path = uri.getPathSegments().stream().map(PathSegment::getPath).filter(segment -> !segment.isEmpty()).toList();
        String engineName = null;
        if (path.size() >= 2 && path.get(0).equals("engine")) {
            engineName = path.get(1);
            path = path.subList(2, path.size());
        }
        for (int resourceLength = 1; resourceLength <= 2 && path.size() > resourceLength; resourceLength++) {
            var lookup = LOOKUPS.get(String.join("/", path.subList(0, resourceLength)));
            if (lookup != null) {
                ProcessEngine engine = EngineUtil.lookupProcessEngine(engineName);
                return engine == null || lookup.apply(engine, path.get(resourceLength)) == 0;
            }
        }
        return false;
    }
}
