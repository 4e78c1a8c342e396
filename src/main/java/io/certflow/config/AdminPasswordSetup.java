package io.certflow.config;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the first administrator ("admin") a password before the engine creates the user: the one in
 * CERTFLOW_ADMIN_PASSWORD, or else a random one generated once into an owner-only file. The
 * Camunda starter would otherwise fall back to the user id as password.
 */
public class AdminPasswordSetup implements EnvironmentPostProcessor {

    static final String PASSWORD_PROPERTY = "camunda.bpm.admin-user.password";
    static final String FILE_NAME = "admin-password";
    /** Where the password came from, for {@link AdminPasswordNotice}. */
    static final String SOURCE_PROPERTY = "certflow.admin-password-file";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String given = environment.getProperty("CERTFLOW_ADMIN_PASSWORD");
        if (given != null && !given.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("certflowAdminPassword",
                    Map.of(PASSWORD_PROPERTY, given)));
            return;
        }
        if (environment.getProperty(PASSWORD_PROPERTY) != null) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("certflow.data-dir", "./data"));
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        String password = OwnerOnlyFiles.readOrCreate(file, AdminPasswordSetup::randomPassword);
        environment.getPropertySources().addFirst(new MapPropertySource("certflowAdminPassword",
                Map.of(PASSWORD_PROPERTY, password, SOURCE_PROPERTY, file.toString())));
    }

    static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
