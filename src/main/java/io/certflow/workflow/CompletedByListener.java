package io.certflow.workflow;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** Remembers who completed a user task (Tasklist or API), for the audit of approvals and terms. */
@Component("completedByListener")
public class CompletedByListener implements TaskListener {

    private final IdentityService identityService;

    public CompletedByListener(@Lazy IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    public void notify(DelegateTask task) {
        Authentication authentication = identityService.getCurrentAuthentication();
        String userId = authentication != null ? authentication.getUserId() : task.getAssignee();
        // The API completes tasks without an engine login and sets completedBy itself: keep that.
        if (userId != null) {
            task.getExecution().setVariable(ProcessVariables.COMPLETED_BY, userId);
        }
    }
}
