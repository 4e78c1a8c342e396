package io.certflow.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the operator where Certflow is and where the generated admin password is (never the password itself). */
@Component
class AdminPasswordNotice {

    private static final Logger log = LoggerFactory.getLogger(AdminPasswordNotice.class);

    private final Environment environment;

    AdminPasswordNotice(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String base = "http://localhost:" + port;
        String passwordFile = environment.getProperty(AdminPasswordSetup.SOURCE_PROPERTY);
        String password = passwordFile == null
                ? "the password in CERTFLOW_ADMIN_PASSWORD"
                : "the password in " + passwordFile + " (generated on first start, readable only by its owner)";
        log.info("""

                Certflow is up.
                  Cockpit, Tasklist, Admin: {}/camunda/app/
                  Certflow API:             {}/api/certificates
                  Engine REST API:          {}/engine-rest/
                  Log in as 'admin' with {}.
                """, base, base, base, password);
    }
}
