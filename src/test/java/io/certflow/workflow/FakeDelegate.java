package io.certflow.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * A scripted stand-in for one of Certflow's delegates. Every call is recorded with a copy of the
 * variables the delegate could see; each call runs the next scripted step, or the default step
 * once the script is used up. Steps set variables like the real delegate, or throw a
 * {@link BpmnError} (business outcome) or a RuntimeException (transient fault).
 */
final class FakeDelegate implements JavaDelegate {

    @FunctionalInterface
    interface Step {
        void run(DelegateExecution execution) throws Exception;

        /** This step, then {@code next}. */
        default Step and(Step next) {
            return execution -> {
                run(execution);
                next.run(execution);
            };
        }
    }

    /** What a call saw. */
    record Call(String activityId, String processDefinitionId, String processInstanceId, Map<String, Object> variables) {

        Object variable(String name) {
            return variables.get(name);
        }
    }

    private final String beanName;
    private final Deque<Step> script = new ArrayDeque<>();
    private Step otherwise;
    private final List<Call> calls = new ArrayList<>();

    FakeDelegate(String beanName, Step otherwise) {
        this.beanName = beanName;
        this.otherwise = otherwise;
    }

    String beanName() {
        return beanName;
    }

    /** Runs {@code step} on the next call not yet scripted. */
    FakeDelegate then(Step step) {
        script.add(step);
        return this;
    }

    /** Runs {@code step} on every call once the script is used up. */
    FakeDelegate always(Step step) {
        this.otherwise = step;
        return this;
    }

    @Override
    public synchronized void execute(DelegateExecution execution) throws Exception {
        calls.add(new Call(execution.getCurrentActivityId(), execution.getProcessDefinitionId(),
                execution.getProcessInstanceId(), new HashMap<>(execution.getVariables())));
        Step step = script.isEmpty() ? otherwise : script.poll();
        step.run(execution);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized int callCount() {
        return calls.size();
    }

    synchronized Call lastCall() {
        if (calls.isEmpty()) {
            throw new AssertionError(beanName + " was never called");
        }
        return calls.get(calls.size() - 1);
    }

    // Steps

    static Step nothing() {
        return execution -> {
        };
    }

    static Step set(String variable, Object value) {
        return execution -> execution.setVariable(variable, value);
    }

    static Step bpmnError(String code, String message) {
        return execution -> {
            throw new BpmnError(code, message);
        };
    }

    static Step transientFault(String message) {
        return execution -> {
            throw new IllegalStateException(message);
        };
    }
}
