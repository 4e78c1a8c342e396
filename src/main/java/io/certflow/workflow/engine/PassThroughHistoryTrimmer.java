package io.certflow.workflow.engine;

import java.util.Collection;
import java.util.List;

import org.camunda.bpm.engine.delegate.BaseDelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.GatewayActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.behavior.MultiInstanceActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.behavior.NoneEndEventActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.behavior.NoneStartEventActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.behavior.SubProcessActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.parser.ActivityInstanceEndListener;
import org.camunda.bpm.engine.impl.history.parser.ActivityInstanceStartListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityBehavior;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * At the "certflow" history level, elements a token only passes through (gateways, plain start and
 * end events, the scopes of embedded sub-processes and multi-instance bodies) leave no activity
 * history. They made more than half of the activity rows of an issuance, and each row is an insert
 * (and for scopes an update) in the busiest table. The steps that do work, the waits and the error
 * events keep theirs, and so does the process instance itself.
 *
 * <p>Removing the listeners per element, when the process is parsed, drops both the start and the
 * end of such an activity instance, so the engine never updates a row it did not write.
 */
class PassThroughHistoryTrimmer extends AbstractBpmnParseListener {

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        if (CertflowHistoryLevel.NAME.equals(Context.getProcessEngineConfiguration().getHistoryLevel().getName())) {
            trim(processDefinition);
        }
    }

    private static void trim(ScopeImpl scope) {
        for (ActivityImpl activity : scope.getActivities()) {
            if (passesThrough(activity.getActivityBehavior())) {
                removeActivityHistory(activity.getListeners().values());
                removeActivityHistory(activity.getBuiltInListeners().values());
            }
            trim(activity);
        }
    }

    private static boolean passesThrough(ActivityBehavior behavior) {
        return behavior instanceof GatewayActivityBehavior
                || behavior instanceof NoneStartEventActivityBehavior
                || behavior instanceof NoneEndEventActivityBehavior
                || behavior instanceof SubProcessActivityBehavior
                || behavior instanceof MultiInstanceActivityBehavior;
    }

    private static void removeActivityHistory(Collection<List<DelegateListener<? extends BaseDelegateExecution>>> listeners) {
        for (List<DelegateListener<? extends BaseDelegateExecution>> list : listeners) {
            list.removeIf(listener -> listener instanceof ActivityInstanceStartListener || listener instanceof ActivityInstanceEndListener);
        }
    }
}
