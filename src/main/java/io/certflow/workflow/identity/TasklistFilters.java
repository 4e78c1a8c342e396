package io.certflow.workflow.identity;

import static org.camunda.bpm.engine.authorization.Permissions.READ;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.security.Roles;
import io.certflow.workflow.ProcessKeys;
import io.certflow.workflow.ProcessVariables;

/**
 * Tasklist shows no task without a filter, so a fresh Certflow would hide the approval task from
 * everyone. The filters are made on first start, each only when no filter of its name exists (so a
 * restart makes no second one; one deleted in Tasklist comes back at the next start), and shown to
 * the tenant administrators; camunda-admin sees every filter. The engine's tenant check keeps each
 * tenant administrator to their own tenants' tasks.
 */
@Component
public class TasklistFilters {

    static final String APPROVE_REQUEST_TASK = "UserTask_ApproveRequest";
    static final String CONFIRM_RESET_TASK = "UserTask_ConfirmReset";
    static final String ACCEPT_TERMS_TASK = "UserTask_AcceptTerms";

    private static final Logger log = LoggerFactory.getLogger(TasklistFilters.class);

    private final FilterService filterService;
    private final TaskService taskService;
    private final Grants grants;

    public TasklistFilters(FilterService filterService, TaskService taskService, AuthorizationService authorizations) {
        this.filterService = filterService;
        this.taskService = taskService;
        this.grants = new Grants(authorizations);
    }

    /** A filter as Tasklist lists it: name, what it shows, its place in the list, the variables in its cards. */
    record Definition(String name, String description, int priority, TaskQuery query, Map<String, String> variables) {
    }

    List<Definition> definitions() {
        return List.of(
                new Definition("My open tasks", "Tasks assigned to me or offered to one of my groups", -10,
                        taskService.createTaskQuery().or()
                                .taskAssigneeExpression("${currentUser()}")
                                .taskCandidateUserExpression("${currentUser()}")
                                .endOr(),
                        Map.of()),
                new Definition("Certificate approvals", "Certificate requests waiting for an approver", 0,
                        taskService.createTaskQuery().processDefinitionKey(ProcessKeys.CERTIFICATE_ISSUANCE)
                                .taskDefinitionKey(APPROVE_REQUEST_TASK),
                        Map.of(ProcessVariables.DOMAINS, "Domains")),
                new Definition("Repository resets", "Repository resets waiting for a confirmation", 10,
                        taskService.createTaskQuery().processDefinitionKey(ProcessKeys.REPOSITORY_RESET)
                                .taskDefinitionKey(CONFIRM_RESET_TASK),
                        Map.of(ProcessVariables.REPOSITORY_NAME, "Repository")),
                new Definition("Terms of service", "Issuers whose CA asks to accept new terms of service", 20,
                        taskService.createTaskQuery().processDefinitionKey(ProcessKeys.CERTIFICATE_ISSUANCE)
                                .taskDefinitionKey(ACCEPT_TERMS_TASK),
                        Map.of(ProcessVariables.TERMS_URL, "Terms", ProcessVariables.DOMAINS, "Domains")));
    }

    /** Called by {@link StartupBootstrap} before the web server takes requests. */
    @Transactional
    public void bootstrap() {
        for (Definition definition : definitions()) {
            if (filterService.createTaskFilterQuery().filterName(definition.name()).count() == 0) {
                Filter filter = filterService.newTaskFilter(definition.name());
                filter.setQuery(definition.query());
                filter.setProperties(Map.of(
                        "description", definition.description(),
                        "priority", definition.priority(),
                        "refresh", true,
                        "variables", definition.variables().entrySet().stream()
                                .map(variable -> Map.of("name", variable.getKey(), "label", variable.getValue()))
                                .toList()));
                filterService.saveFilter(filter);
                grants.toGroup(Roles.TENANT_ADMINISTRATORS, Resources.FILTER, filter.getId(), READ);
                log.info("Created the Tasklist filter '{}'", definition.name());
            }
        }
    }
}
