package io.certflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * The BPMN files and the Java code name each other by strings: bean names in expressions, error
 * codes in ErrorCodes. A typo on either side deploys fine and fails only when a process reaches
 * that step in production; this test reads bpmn/ and fails first.
 */
class BpmnReferencesTest {

    private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{([^}]*)}");
    private static final Pattern ROOT_CALL = Pattern.compile("^!?\\s*([A-Za-z_]\\w*)(?:\\.(\\w+))?");
    private static final Pattern DELEGATE = Pattern.compile("(?:delegateExpression)=\"\\$\\{(\\w+)}\"");
    private static final Pattern ERROR_CODE = Pattern.compile("<bpmn:error\\b[^>]*\\berrorCode=\"([^\"]+)\"");

    private static Map<String, Path> bpmn;
    private static Map<String, Class<?>> beans;
    private static Set<String> variables;

    @BeforeAll
    static void read() throws IOException, ReflectiveOperationException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            bpmn = files.filter(file -> file.toString().endsWith(".bpmn"))
                    .collect(Collectors.toMap(file -> file.getFileName().toString(), file -> file));
        }
        beans = certflowBeans();
        variables = new TreeSet<>(constantValues(ProcessVariables.class));
    }

    @Test
    void everyBpmnFileIsRead() {
        assertThat(bpmn).containsKeys("CertificateIssuanceProcess.bpmn", "DomainValidationProcess.bpmn",
                "RepositoryResetProcess.bpmn", "RepositoryDeleteProcess.bpmn", "NotificationDeliveryProcess.bpmn");
    }

    @Test
    void everyDelegateExpressionNamesABeanThatIsADelegateOrListener() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> file : bpmn.entrySet()) {
            Matcher delegate = DELEGATE.matcher(Files.readString(file.getValue()));
            while (delegate.find()) {
                Class<?> bean = beans.get(delegate.group(1));
                if (bean == null) {
                    problems.add(file.getKey() + ": no bean named '" + delegate.group(1) + "'");
                } else if (!JavaDelegate.class.isAssignableFrom(bean) && !ExecutionListener.class.isAssignableFrom(bean)
                        && !TaskListener.class.isAssignableFrom(bean)) {
                    problems.add(file.getKey() + ": bean '" + delegate.group(1) + "' is no delegate or listener");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyExpressionStartsWithAProcessVariableOrABeanThatHasTheMemberItUses() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> file : bpmn.entrySet()) {
            Matcher expression = EXPRESSION.matcher(Files.readString(file.getValue()));
            while (expression.find()) {
                Matcher root = ROOT_CALL.matcher(expression.group(1).trim());
                if (!root.find()) {
                    problems.add(file.getKey() + ": cannot read expression '" + expression.group() + "'");
                    continue;
                }
                String name = root.group(1);
                String member = root.group(2);
                Class<?> bean = beans.get(name);
                if (bean == null && !variables.contains(name)) {
                    problems.add(file.getKey() + ": '" + name + "' in " + expression.group()
                            + " is neither a bean nor a variable of ProcessVariables");
                } else if (bean != null && member != null && !hasMember(bean, member)) {
                    problems.add(file.getKey() + ": bean '" + name + "' has no method or property '" + member + "'");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyErrorCodeOfTheBpmnHasItsConstantInErrorCodes() throws IOException, ReflectiveOperationException {
        Set<String> constants = constantValues(ErrorCodes.class);

        assertThat(errorCodesInBpmn()).allSatisfy(code -> assertThat(constants).as("ErrorCodes constants").contains(code));
    }

    @Test
    void everyConstantOfErrorCodesIsDeclaredInTheBpmn() throws IOException, ReflectiveOperationException {
        Set<String> declared = errorCodesInBpmn();

        assertThat(constantValues(ErrorCodes.class))
                .allSatisfy(code -> assertThat(declared).as("error codes declared in bpmn/").contains(code));
    }

    private static Set<String> errorCodesInBpmn() throws IOException {
        Set<String> codes = new TreeSet<>();
        for (Path file : bpmn.values()) {
            Matcher error = ERROR_CODE.matcher(Files.readString(file));
            while (error.find()) {
                codes.add(error.group(1));
            }
        }
        return codes;
    }

    private static boolean hasMember(Class<?> bean, String member) {
        String getter = "get" + Character.toUpperCase(member.charAt(0)) + member.substring(1);
        String isGetter = "is" + Character.toUpperCase(member.charAt(0)) + member.substring(1);
        return Arrays.stream(bean.getMethods()).map(Method::getName)
                .anyMatch(method -> method.equals(member) || method.equals(getter) || method.equals(isGetter));
    }

    /** Bean names as Spring gives them to every component under io.certflow. */
    private static Map<String, Class<?>> certflowBeans() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
        AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
        SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
        Map<String, Class<?>> found = new HashMap<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("io.certflow")) {
            found.put(names.generateBeanName(definition, registry), Class.forName(definition.getBeanClassName()));
        }
        return found;
    }

    private static Set<String> constantValues(Class<?> holder) throws IllegalAccessException {
        Set<String> values = new TreeSet<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }
}
