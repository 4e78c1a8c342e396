package io.certflow.web;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * A text field of a request (a name, a domain, a subject) takes only a JSON string. Jackson would
 * turn {@code 123}, {@code 1.5} or {@code true} into the text "123", "1.5" or "true", so a number
 * became a name; here it is a 400 that names the field.
 */
@Configuration
class JsonTextFields {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer textFieldsTakeOnlyStrings() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
