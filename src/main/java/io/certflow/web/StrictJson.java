package io.certflow.web;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The API reads JSON as written: "30" is not the number 30, 30.9 is not 30, 1 is not true, 123 is not
 * a name, a field given twice or anything after the object is an error. A lenient reader turns a
 * client's mistake into a different request than the one meant, silently.
 * <p>
 * This is Spring's ObjectMapper, used by Certflow's controllers. Camunda's /engine-rest and webapps
 * read JSON through Jersey with an ObjectMapper of their own (JacksonConfigurator), untouched by this.
 */
@Configuration
class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder
                .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS, DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .postConfigurer(mapper -> {
                    noScalarCoercion(mapper);
                    // Read as it streams in, a body is refused once it is larger, not first held in memory whole.
                    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(Limits.JSON_BODY).build());
                });
    }

    /** Also what ALLOW_COERCION_OF_SCALARS leaves open: a number or boolean read as text, a number as a boolean. */
    static void noScalarCoercion(ObjectMapper mapper) {
        fail(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        fail(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Integer,
                CoercionInputShape.Float);
        fail(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
    }

    private static void fail(ObjectMapper mapper, LogicalType target, CoercionInputShape... from) {
        for (CoercionInputShape shape : from) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
