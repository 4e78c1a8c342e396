package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;

/**
 * The OpenAPI description at /v3/api-docs holds every /api call the running Certflow answers, each with the schema of
 * what it answers (the same fields as the record the call returns), HTTP Basic and the problem+json errors; and
 * Swagger UI is served by Certflow itself, from nothing outside it.
 */
class OpenApiIT extends CertflowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROBLEM_STATUSES = List.of("400", "401", "403", "404", "409");
    private static final Pattern EXTERNAL_URL = Pattern.compile("(?i)(?:https?:)?//([a-z0-9-]+(?:\\.[a-z0-9-]+)+(?::\\d+)?)");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private final HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private JsonNode description;

    /** One call as the application routes it: a path pattern under /api, a method, and the Java method that answers. */
    record Call(String path, String method, HandlerMethod handler) {
        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    @BeforeAll
    void readTheDescriptionWithoutLoggingIn() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        assertThat(docs.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        description = JSON.readTree(docs.body());
    }

    private List<Call> apiCalls() {
        List<Call> calls = new ArrayList<>();
        handlerMapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") && !pattern.equals("/api")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                assertThat(methods).as("%s names its HTTP methods", pattern).isNotEmpty();
                methods.forEach(method -> calls.add(new Call(pattern, method.name().toLowerCase(Locale.ROOT), handler)));
            }
        });
        assertThat(calls).as("the application's /api calls").hasSizeGreaterThan(50);
        return calls;
    }

    private JsonNode operation(Call call) {
        return description.path("paths").path(call.path()).path(call.method());
    }

    @Test
    void everyApiCallTheApplicationAnswersIsInTheDescriptionWithWhatItAnswers() {
        List<String> missing = new ArrayList<>();
        List<String> withoutAnswer = new ArrayList<>();
        for (Call call : apiCalls()) {
            JsonNode operation = operation(call);
            if (operation.isMissingNode()) {
                missing.add(call.toString());
            } else if (!documentsItsSuccess(operation.path("responses"))) {
                withoutAnswer.add(call + " " + operation.path("responses").toString());
            }
        }

        assertThat(missing).as("calls missing from /v3/api-docs").isEmpty();
        assertThat(withoutAnswer).as("calls without a success answer that has a schema or is a 204 without a body").isEmpty();
    }

    /** A 2xx answer whose every media type has a schema, or a 204 (no body, so no schema). */
    private static boolean documentsItsSuccess(JsonNode responses) {
        List<String> codes = new ArrayList<>();
        responses.fieldNames().forEachRemaining(codes::add);
        return codes.stream().filter(code -> code.startsWith("2")).anyMatch(code -> {
            JsonNode content = responses.path(code).path("content");
            if (code.equals("204")) {
                return content.isMissingNode() || content.isEmpty();
            }
            if (content.isMissingNode() || content.isEmpty()) {
                return false;
            }
            List<JsonNode> mediaTypes = new ArrayList<>();
            content.elements().forEachRemaining(mediaTypes::add);
            return mediaTypes.stream().allMatch(mediaType -> mediaType.has("schema"));
        });
    }

    /**
     * Two records of one simple name (RunView of renewal and of AutoSSL) would share one schema, and one call's answer
     * would be described with the other's fields: each body and answer that is a record must show exactly its fields.
     */
    @Test
    void eachRecordACallAnswersWithOrReadsHasItsOwnFieldsInTheDescription() {
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Call call : apiCalls()) {
            JsonNode operation = operation(call);
            if (operation.isMissingNode()) {
                continue;
            }
            Method method = call.handler().getMethod();
            JsonNode answer = successJsonSchema(operation.path("responses"));
            Type returned = unwrapResponseEntity(method.getGenericReturnType());
            if (answer != null && recordOf(returned) != null) {
                compared++;
                compare(call + " answer", returned, answer, wrong);
            }
            for (Parameter parameter : method.getParameters()) {
                if (parameter.isAnnotationPresent(RequestBody.class) && recordOf(parameter.getParameterizedType()) != null) {
                    compared++;
                    compare(call + " body", parameter.getParameterizedType(),
                            operation.path("requestBody").path("content").path("application/json").path("schema"), wrong);
                }
            }
        }

        assertThat(compared).as("records compared").isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }

    /** A map answer is described as a bare object, so a client generated from the description could not read it. */
    @Test
    void noCallAnswersWithAMapThatTheDescriptionCannotName() {
        List<String> maps = apiCalls().stream()
                .filter(call -> unwrapResponseEntity(call.handler().getMethod().getGenericReturnType()) instanceof ParameterizedType p
                        && Map.class.isAssignableFrom((Class<?>) p.getRawType()))
                .map(Call::toString).toList();

        assertThat(maps).isEmpty();
    }

    private void compare(String what, Type type, JsonNode schema, List<String> wrong) {
        JsonNode resolved = resolve(schema);
        if (resolved.path("type").asText().equals("array") && !isRecordType(type)) {
            type = ((ParameterizedType) type).getActualTypeArguments()[0];
            resolved = resolve(resolved.path("items"));
        }
        Class<?> record = recordOf(type);
        Set<String> fields = Arrays.stream(record.getRecordComponents()).map(OpenApiIT::jsonName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = new TreeSet<>();
        resolved.path("properties").fieldNames().forEachRemaining(described::add);
        if (!fields.equals(described)) {
            wrong.add(what + ": " + record.getName() + " has " + fields + " but " + schema + " describes " + described);
        }
    }

    /** The name Jackson writes a component under: its own, or the one its @JsonProperty gives ("final" for final_). */
    private static String jsonName(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed == null || renamed.value().isEmpty() ? component.getName() : renamed.value();
    }

    private static boolean isRecordType(Type type) {
        return type instanceof Class<?> c ? c.isRecord()
                : type instanceof ParameterizedType p && ((Class<?>) p.getRawType()).isRecord();
    }

    /** The record a type is, or holds as a list's element; null for anything else (a map, a string, void). */
    private static Class<?> recordOf(Type type) {
        if (type instanceof Class<?> c) {
            return c.isRecord() ? c : null;
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (raw.isRecord()) {
                return raw;
            }
            if (List.class.isAssignableFrom(raw)) {
                return recordOf(p.getActualTypeArguments()[0]);
            }
        }
        return null;
    }

    private static Type unwrapResponseEntity(Type type) {
        return type instanceof ParameterizedType p && p.getRawType() == ResponseEntity.class ? p.getActualTypeArguments()[0] : type;
    }

    private static JsonNode successJsonSchema(JsonNode responses) {
        for (String code : List.of("200", "201", "202")) {
            JsonNode schema = responses.path(code).path("content").path("application/json").path("schema");
            if (!schema.isMissingNode()) {
                return schema;
            }
        }
        return null;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : description.at(ref.substring(1));
    }

    @Test
    void everyCallNamesHttpBasicItsFeatureAndTheProblemJsonErrors() {
        JsonNode basic = description.path("components").path("securitySchemes").path("basicAuth");
        assertThat(basic.path("type").asText()).isEqualTo("http");
        assertThat(basic.path("scheme").asText()).isEqualTo("basic");
        JsonNode problem = description.path("components").path("schemas").path("ProblemDetail");
        assertThat(problem.path("properties").has("detail")).as("ProblemDetail schema: %s", problem).isTrue();
        Set<String> features = new HashSet<>();
        description.path("tags").forEach(tag -> features.add(tag.path("name").asText()));
        assertThat(features).contains("Certificates", "Issuers", "Templates", "DNS zones", "Repositories", "Deployment targets",
                "Renewal", "Notifications", "AutoSSL");

        List<String> wrong = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        description.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            String call = entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            JsonNode operation = entry.getValue();
            if (!operation.path("security").toString().contains("\"basicAuth\"")) {
                wrong.add(call + ": no HTTP Basic");
            }
            for (String status : PROBLEM_STATUSES) {
                String ref = operation.path("responses").path(status).path("content").path("application/problem+json")
                        .path("schema").path("$ref").asText();
                if (!ref.equals("#/components/schemas/ProblemDetail")) {
                    wrong.add(call + ": no " + status + " application/problem+json ProblemDetail");
                }
            }
            if (operation.path("tags").size() != 1 || !features.contains(operation.path("tags").path(0).asText())) {
                wrong.add(call + ": tagged " + operation.path("tags") + ", not with one feature");
            }
            if (!operationIds.add(operation.path("operationId").asText()) || operation.path("operationId").asText().matches(".*_\\d+")) {
                wrong.add(call + ": operationId " + operation.path("operationId") + " is not unique and stable");
            }
        }));

        assertThat(wrong).isEmpty();
    }

    @Test
    void theDocumentedProblemIsWhatTheApiAnswersAndTheApiStillNeedsALogin() throws Exception {
        HttpResponse<String> anonymousCall = get("/api/certificates");
        ApiClient.Response unknown = admin().get("/api/certificates/" + UUID.randomUUID());

        assertThat(anonymousCall.statusCode()).isEqualTo(401);
        List<String> required = new ArrayList<>();
        description.path("components").path("schemas").path("ProblemDetail").path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).contains("type", "title", "status", "detail");
        for (JsonNode answer : List.of(JSON.readTree(anonymousCall.body()), unknown.json())) {
            for (String member : required) {
                assertThat(answer.has(member)).as("%s in %s", member, answer).isTrue();
            }
        }
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void swaggerUiIsServedByCertflowWithoutALoginAndLoadsNothingFromOutside() throws Exception {
        HttpResponse<String> index = get("/swagger-ui.html");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(index.body()).contains("swagger-ui");
        String base = index.uri().toString().substring(0, index.uri().toString().lastIndexOf('/') + 1);
        Matcher assets = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index.body());
        Map<String, String> served = new LinkedHashMap<>();
        served.put("index page", index.body());
        while (assets.find()) {
            HttpResponse<String> asset = anonymous.send(HttpRequest.newBuilder(URI.create(base).resolve(assets.group(1))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asset.statusCode()).as(assets.group(1)).isEqualTo(200);
            if (assets.group(1).contains("initializer")) {
                served.put(assets.group(1), asset.body());
            }
        }
        assertThat(served).as("the initializer script that names what the UI loads").hasSize(2);
        served.put("swagger-config", get("/v3/api-docs/swagger-config").body());

        served.forEach((what, body) -> {
            Matcher url = EXTERNAL_URL.matcher(body);
            while (url.find()) {
                assertThat(url.group(1)).as("a host %s refers to", what).isEqualTo("127.0.0.1:" + port);
            }
        });
        assertThat(served.get("swagger-config")).contains("/v3/api-docs").doesNotContain("petstore");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
